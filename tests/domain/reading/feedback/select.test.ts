import { describe, expect, it } from 'vitest';
import { selectFeedback } from '../../../../src/domain/reading/feedback/select';
import { parseDokueiSr, reportSr } from '../../../../src/domain/dicom/sr';
import { aiInput, reportInput } from '../../dicom/sr/fixtures';
import { judgedResult } from './judged';

/** The fixtures' documents as the PACS gives them back: AI result, the reader's assessment, the signed report. */
function documents(model = aiInput.algorithms) {
  return [...judgedResult(model), parseDokueiSr(reportSr(reportInput)), parseDokueiSr({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.2' })];
}

const labelsOf = (docs: ReturnType<typeof documents>, filter = {}) =>
  selectFeedback(docs, filter).map((f) => [f.image.sopInstanceUid, f.labels.labels.map((l) => `${l.label}=${l.value}:${l.decision}:${l.role}`)]);

describe('selectFeedback', () => {
  it('maps the assessment of the fixture image to labels; the reader signed the report', () => {
    expect(labelsOf(documents())).toEqual([
      [
        aiInput.source.sopInstanceUid,
        [
          'abnormal=1:accept:signing-radiologist',
          'cardiomegaly=0:reject:signing-radiologist',
          'effusion=1:edit:signing-radiologist',
          'pneumonia=1:add:signing-radiologist',
        ],
      ],
    ]);
  });

  it.each([
    ['decisions on or after --since', { since: new Date('2026-01-01T00:00:00Z') }, 1],
    ['none before --since', { since: new Date('2026-01-02T00:00:00Z') }, 0],
    ['the model build judged', { model: 'cxr-lungs@1.2.0' }, 1],
    ['another build of the model', { model: 'cxr-triage@0.9.0' }, 0],
  ])('keeps %s', (_, filter, images) => {
    expect(selectFeedback(documents(), filter)).toHaveLength(images);
  });

  it('names the model of the AI result judged as provenance', () => {
    const [image] = selectFeedback(documents([{ id: 'cxr-triage', version: '2.0.0', sha256: 'c'.repeat(64) }]));
    expect(image.labels.labels.find((l) => l.label === 'effusion')).toMatchObject({ model: 'cxr-triage@2.0.0', aiProbability: 0.61 });
  });

  it('drops assessments whose AI result is not in the PACS', () => {
    expect(selectFeedback(documents().filter((d) => d.kind !== 'ai-result'))).toEqual([]);
  });
});
