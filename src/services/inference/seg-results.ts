import type { ModelManifest } from '../../domain/ai/manifest';
import { lungSeg } from '../../domain/dicom/seg/lung-seg';
import type { NaturalDataset } from '../../domain/dicom/sr';
import type { StudyAiResult } from '../../domain/ai/result/types';

/**
 * The lung labelmap as a DICOM SEG referencing the analysed image, or undefined when there is no mask
 * (model not run or not applicable).
 */
export function lungSegDataset(result: StudyAiResult, manifests: readonly ModelManifest[], instance: NaturalDataset): NaturalDataset | undefined {
  const model = manifests.find((m) => m.task === 'segmentation');
  if (!result.lungMask || !model) return undefined;
  return lungSeg({ source: instance, labels: result.lungMask, algorithm: { id: model.id, version: model.version } });
}
