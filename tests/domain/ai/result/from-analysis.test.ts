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

describe('resultFromAnalysis: lung areas behind the mask gate', () => {
  // A 40 × 20 film at 1 mm: two 8 × 16 blocks (the lungs) either side of an empty middle.
  const width = 40;
  const height = 20;
  const lungMask = (withLeft: boolean) => {
    const data = new Uint8Array(width * height);
    for (let y = 2; y < 18; y++) for (let x = 0; x < 8; x++) data[y * width + 6 + x] = 1;
    if (withLeft) for (let y = 2; y < 18; y++) for (let x = 0; x < 8; x++) data[y * width + 26 + x] = 1;
    return { width, height, data };
  };
  const lungs = (withLeft: boolean): ModelAnalysis => ({
    ...triage,
    id: 'cxr-lungs',
    task: 'segmentation',
    heads: [],
    ood: undefined,
    segmentation: [{ label: 'lung', mask: lungMask(withLeft), pixelCount: 0 }],
  });
  const qa = (mirrored: boolean): ModelAnalysis => ({
    ...triage,
    id: 'cxr-qa',
    task: 'qa',
    ood: undefined,
    heads: [{ kind: 'multilabel', head: 'flip', findings: [{ label: 'mirrored', probability: mirrored ? 0.9 : 0.1, threshold: 0.5, positive: mirrored }] }],
  });
  const calibrated = { ...instance(), '00181164': { vr: 'DS', Value: [1, 1] } };
  const run = (models: ModelAnalysis[]) => resultFromAnalysis({ width, height, models, skipped: [] }, [], calibrated);

  it('gives per-side areas for two lungs side by side', () => {
    const result = run([lungs(true), qa(false)]);
    expect(result.lungAreasWithheld).toBeUndefined();
    expect(result.lungAreas.map((a) => [a.side, a.areaCm2])).toEqual([
      ['right', 1.28],
      ['left', 1.28],
      ['both', 2.56],
    ]);
  });

  it('withholds them, saying why, for a one-lung mask or a film QA calls mirrored; the mask is still shown', () => {
    const oneLung = run([lungs(false), qa(false)]);
    expect(oneLung.lungAreas).toEqual([]);
    expect(oneLung.lungAreasWithheld).toBe('1 main lung region instead of 2');
    const mirrored = run([lungs(true), qa(true)]);
    expect(mirrored.lungAreas).toEqual([]);
    expect(mirrored.lungAreasWithheld).toBe('the image looks mirrored, so which lung is which is unknown');
    expect(mirrored.lungMask).toBeDefined();
  });
});
