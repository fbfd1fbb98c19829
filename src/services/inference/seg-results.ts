import type { ModelManifest } from '../../domain/ai/manifest';
import type { DicomJson } from '../../domain/dicom/dicom-json';
import type { PacsClient } from '../pacs/client';
import { studyCacheOf } from '../pacs/study-cache';
import { lungSeg } from '../../domain/dicom/seg/lung-seg';
import { toPart10 } from '../../domain/dicom/sr';
import type { StudyAiResult } from '../../domain/ai/result/types';

/**
 * STOW of the lung labelmap as a DICOM SEG referencing the analysed image; gives its SOPInstanceUID,
 * or undefined when there is no mask (model not run or not applicable).
 */
export async function storeLungSeg(
  client: PacsClient,
  result: StudyAiResult,
  manifests: readonly ModelManifest[],
  instance: DicomJson,
): Promise<string | undefined> {
  const model = manifests.find((m) => m.task === 'segmentation');
  if (!result.lungMask || !model) return undefined;
  const dataset = lungSeg({ source: instance, labels: result.lungMask, algorithm: { id: model.id, version: model.version } });
  const stored = await client.storeInstances([new Uint8Array(toPart10(dataset))]);
  studyCacheOf(client).stored(result.studyInstanceUid);
  if (stored.failed.length > 0) throw new Error(`the PACS refused the lung SEG: ${stored.failed.map((f) => f.reason).join(', ')}`);
  return String(dataset.SOPInstanceUID);
}
