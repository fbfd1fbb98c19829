/** Test helper: a naturalized dataset as DICOM JSON (tag keys, vr, Value arrays), via dcmjs. */
// @ts-expect-error dcmjs has no type declarations
import dcmjs from 'dcmjs';
import type { NaturalDataset } from '../../../../src/domain/dicom/sr';

const { DicomMetaDictionary } = (dcmjs as { data: { DicomMetaDictionary: { denaturalizeDataset(ds: NaturalDataset): unknown } } }).data;

export function toDicomJson(dataset: NaturalDataset): Record<string, { vr: string; Value?: unknown[] }> {
  // Through JSON text, as a WADO-RS response would arrive.
  return JSON.parse(JSON.stringify(DicomMetaDictionary.denaturalizeDataset(dataset)));
}
