import { describe, expect, it } from 'vitest';
import type { AnalysisResult, ModelAnalysis } from '../../../../src/domain/ai/analyze';
import { resultFromAnalysis } from '../../../../src/domain/ai/result/from-analysis';
import { triageAiInput } from '../../../../src/domain/triage/urgency-input';

const triage: ModelAnalysis = {
  id: 'cxr-triage',
  version: '1.0.0',
  task: 'classification',
  geometry: { sourceWidth: 8, sourceHeight: 8, k: 1, w1: 8, h1: 8, size: 8, nw: 8, nh: 8, ox: 0, oy: 0 },
  window: { lo: 0, hi: 255 },
  heads: [
    { kind: 'multilabel', head: 'findings', findings: [{ label: 'effusion', probability: 0.9, threshold: 0.5, positive: true, operatingPoint: 'flag' }] },
  ],
  ood: { score: 3, threshold: 25, outOfDistribution: false },
  inferenceMs: 1,
};
const analysis: AnalysisResult = { width: 8, height: 8, models: [triage], skipped: [] };
const instance = (age?: string) => ({
  '0020000D': { vr: 'UI', Value: ['1.2'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3'] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
  ...(age ? { '00101010': { vr: 'AS', Value: [age] } } : {}),
});

describe('resultFromAnalysis: the age gate', () => {
  it('keeps the findings of an adult and of a patient of unknown age', () => {
    for (const age of ['045Y', undefined]) {
      const result = resultFromAnalysis(analysis, [], instance(age));
      expect(result.notApplicable).toBeUndefined();
      expect(result.findings.map((f) => f.label)).toEqual(['effusion']);
    }
  });

  it('gives a child no findings and no AI urgency, and says why', () => {
    const result = resultFromAnalysis(analysis, [], instance('004Y'));
    expect(result.findings).toEqual([]);
    expect(result.notApplicable).toMatch(/^paediatric \(age 4Y;/);
    expect(triageAiInput({ phase: 'done', result }, [])).toEqual({ status: 'not-applicable', detail: result.notApplicable });
  });
});
