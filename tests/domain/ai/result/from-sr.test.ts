import { describe, expect, it } from 'vitest';
import { resultFromSr } from '../../../../src/domain/ai/result/from-sr';
import type { ParsedAiResultContent } from '../../../../src/domain/dicom/sr';

const ids = { studyInstanceUid: '1.1', seriesInstanceUid: '1.1.1', sopInstanceUid: '1.1.1.1', srInstanceUid: '1.1.2.1' };
const effusion = { label: 'effusion', probability: 0.8, threshold: 0.5, positive: true, trackingUid: '9.9' };
const content = (patch: Partial<ParsedAiResultContent> = {}): ParsedAiResultContent => ({
  computedAt: new Date('2026-03-01T10:00:00Z'),
  algorithms: [{ id: 'cxr-triage', version: '1.0.0', sha256: 'ab' }],
  findings: [effusion],
  qaFlags: [],
  lungAreas: [],
  ...patch,
});

describe('resultFromSr', () => {
  it('reads the findings, the model key and where the SR and its SEG are', () => {
    expect(resultFromSr(content({ lungSegInstanceUid: '1.1.3.1', computedInSessionOf: 'DOE^J' }), ids)).toEqual({
      origin: 'pacs-sr',
      modelKey: 'cxr-triage@1.0.0:ab',
      ...ids,
      segInstanceUid: '1.1.3.1',
      computedInSessionOf: 'DOE^J',
      computedAt: '2026-03-01T10:00:00.000Z',
      findings: [effusion],
      qaFlags: [],
      lungAreas: [],
    });
  });
  it.each([
    { why: 'an OOD image', patch: { ood: { score: 40, threshold: 25, outOfDistribution: true } }, want: 'image unlike the training data (OOD score 40 > 25)' },
    { why: 'no findings written', patch: { findings: [] }, want: 'the findings model did not apply to this image' },
    { why: 'findings of an in-distribution image', patch: { ood: { score: 10, threshold: 25, outOfDistribution: false } }, want: undefined },
  ])('is not applicable for $why: $want', ({ patch, want }) => expect(resultFromSr(content(patch), ids).notApplicable).toBe(want));
  it("says a child's result was gated by age, from the patient attributes of the image or SR", () => {
    const child = { '00101010': { vr: 'AS', Value: ['004Y'] } };
    expect(resultFromSr(content({ findings: [] }), ids, child).notApplicable).toMatch(/^paediatric \(age 4Y;/);
  });
});
