import { describe, expect, it } from 'vitest';
import type { LabelThreshold } from '../../../../src/domain/ai/manifest';
import { pointCalls } from '../../../../src/domain/ai/result/point-calls';

const stats = (sensitivity: number, specificity: number) => ({
  sensitivity,
  sensitivityCI95: [0, 1] as [number, number],
  specificity,
  specificityCI95: [0, 1] as [number, number],
  nPositive: 15,
  nNegative: 135,
});
const effusion: LabelThreshold = {
  value: 0.28,
  operatingPoint: 'flag',
  points: {
    screen: { value: 0.03, rule: 'sensitivity ≥ 0.9 on x val', val: stats(0.93, 0.36) },
    flag: { value: 0.28, rule: 'specificity ≥ 0.9 on x val', val: stats(0.33, 0.9) },
  },
};

describe('pointCalls', () => {
  it('lists flag then screen, says which the probability passes and which one decides', () => {
    expect(pointCalls(effusion, 0.1).map(({ name, passed, decision }) => ({ name, passed, decision }))).toEqual([
      { name: 'flag', passed: false, decision: true },
      { name: 'screen', passed: true, decision: false },
    ]);
    expect(pointCalls(effusion, 0.28).every((c) => c.passed)).toBe(true);
  });

  it('gives the PPV at the validation prevalence', () => {
    const [flag] = pointCalls(effusion, 0.5);
    expect(flag.prevalence).toBeCloseTo(0.1, 10);
    // 0.33·0.1 / (0.33·0.1 + 0.1·0.9)
    expect(flag.ppv).toBeCloseTo(0.033 / (0.033 + 0.09), 10);
  });

  it('keeps a single unnamed threshold as one decision point, without figures when the manifest has none', () => {
    expect(pointCalls({ value: 0.5, operatingPoint: 'sens 0.9' }, 0.6)).toEqual([{ name: 'sens 0.9', value: 0.5, passed: true, decision: true }]);
    expect(pointCalls(undefined, 0.6)).toEqual([]);
  });
});
