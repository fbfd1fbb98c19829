/** The fixtures' AI result and the reader's assessment of it, parsed as the PACS gives them back. */
import { aiResultSr, assessmentSr, parseDokueiSr } from '../../../../src/domain/dicom/sr';
import { aiInput, assessmentInput, srReference } from '../../dicom/sr/fixtures';

export function judgedResult(algorithms = aiInput.algorithms) {
  const ai = aiResultSr({ ...aiInput, algorithms });
  const parsedAi = parseDokueiSr(ai);
  if (parsedAi.kind !== 'ai-result') throw new Error(parsedAi.kind);
  const assessment = assessmentSr(
    assessmentInput(
      srReference(ai),
      parsedAi.content.findings.map((f) => f.trackingUid),
    ),
  );
  return [parsedAi, parseDokueiSr(assessment)];
}
