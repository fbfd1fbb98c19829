import type { DicomJson } from '../../dicom/dicom-json';
import type { ParsedAiResultContent } from '../../dicom/sr';
import { paediatricReasonOf } from './age-gate';
import { oodReason } from './from-analysis';
import { modelKey } from './model-key';
import type { StudyAiResult } from './types';

/** The analysed image the SR is about, and the SR itself. */
export interface StoredResultIds {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  srInstanceUid: string;
}

/**
 * A study's AI result read back from its AI result SR: no heatmaps and no lung mask, the SR holds neither.
 * `patient`: the image's or the SR's own attributes, for the age gate's reason.
 */
export function resultFromSr(content: ParsedAiResultContent, ids: StoredResultIds, patient: DicomJson = {}): StudyAiResult {
  // Findings are only written when the findings model applied (age gate, QA or OOD said otherwise).
  const notApplicable =
    paediatricReasonOf(patient) ??
    (content.ood?.outOfDistribution ? oodReason(content.ood) : content.findings.length === 0 ? 'the findings model did not apply to this image' : undefined);
  return {
    origin: 'pacs-sr',
    modelKey: modelKey(content.algorithms),
    ...ids,
    ...(content.lungSegInstanceUid ? { segInstanceUid: content.lungSegInstanceUid } : {}),
    ...(content.computedInSessionOf ? { computedInSessionOf: content.computedInSessionOf } : {}),
    computedAt: content.computedAt.toISOString(),
    findings: content.findings,
    ...(content.ood ? { ood: content.ood } : {}),
    ...(notApplicable ? { notApplicable } : {}),
    qaFlags: content.qaFlags,
    lungAreas: content.lungAreas,
  };
}
