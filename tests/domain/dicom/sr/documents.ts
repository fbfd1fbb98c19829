/** The three Dokuei SRs about the fixture image, linked as in use: the assessment references the AI result. */
import { aiResultSr, assessmentSr, type NaturalDataset, parseDokueiSr, reportSr } from '../../../../src/domain/dicom/sr';
import { aiInput, assessmentInput, reportInput, srReference } from './fixtures';

export function threeDocuments(): Record<'ai-result' | 'assessment' | 'report', NaturalDataset> {
  const aiResult = aiResultSr(aiInput);
  const parsed = parseDokueiSr(aiResult);
  if (parsed.kind !== 'ai-result') throw new Error(`AI result parsed as ${parsed.kind}`);
  const trackingUids = parsed.content.findings.map((finding) => finding.trackingUid);
  return {
    'ai-result': aiResult,
    assessment: assessmentSr(assessmentInput(srReference(aiResult), trackingUids)),
    report: reportSr(reportInput),
  };
}
