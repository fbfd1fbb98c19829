/** Pixel attributes and physical pixel size of an instance, read from its WADO-RS metadata (pure). */
import { type DicomJson, getNumber, getString } from '../../dicom/dicom-json';
import { PacsResponseError } from '../../dicom/errors';
import type { FrameAttributes } from '../dicom/frame';
import type { PixelSpacingMm } from '../image';
import { PixelTag } from './tags';

export function frameAttributes(ds: DicomJson): FrameAttributes {
  const required = (tag: string, name: string) => {
    const value = getNumber(ds, tag);
    if (value === undefined) throw new PacsResponseError(`metadata lacks ${name}`);
    return value;
  };
  const bitsAllocated = required(PixelTag.BitsAllocated, 'BitsAllocated');
  return {
    rows: required(PixelTag.Rows, 'Rows'),
    columns: required(PixelTag.Columns, 'Columns'),
    bitsAllocated,
    bitsStored: getNumber(ds, PixelTag.BitsStored) ?? bitsAllocated,
    pixelRepresentation: getNumber(ds, PixelTag.PixelRepresentation) ?? 0,
    samplesPerPixel: getNumber(ds, PixelTag.SamplesPerPixel) ?? 1,
    photometricInterpretation: getString(ds, PixelTag.PhotometricInterpretation) || 'MONOCHROME2',
    planarConfiguration: getNumber(ds, PixelTag.PlanarConfiguration),
    rescaleSlope: getNumber(ds, PixelTag.RescaleSlope),
    rescaleIntercept: getNumber(ds, PixelTag.RescaleIntercept),
  };
}

/** Which tag a pixel size came from: PixelSpacing (calibrated, patient plane) or ImagerPixelSpacing (at the detector). */
export type SpacingSource = 'PixelSpacing' | 'ImagerPixelSpacing';

/** Physical pixel size [row, column] in mm and its tag: PixelSpacing, else ImagerPixelSpacing. */
export function pixelSpacingWithSource(ds: DicomJson): { mm: PixelSpacingMm; source: SpacingSource } | undefined {
  for (const source of ['PixelSpacing', 'ImagerPixelSpacing'] as const) {
    const values = (ds[PixelTag[source]]?.Value ?? []).map(Number);
    if (values.length >= 2 && values[0] > 0 && values[1] > 0) return { mm: [values[0], values[1]], source };
  }
  return undefined;
}

export const pixelSpacingOf = (ds: DicomJson): PixelSpacingMm | undefined => pixelSpacingWithSource(ds)?.mm;
