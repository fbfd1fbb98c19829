import { describe, expect, it } from 'vitest';
import { fitPlatt, plattLoss } from '../../../../src/domain/ai/eval/platt';
import { sigmoid } from '../../../../src/domain/ai/postprocess/activation';

/** `count` copies of logit z, the first `positives` of them positive. */
const group = (z: number, count: number, positives: number) => ({
  logits: Array<number>(count).fill(z),
  positives: Array.from({ length: count }, (_, i) => i < positives),
});
const join = (...groups: ReturnType<typeof group>[]) => ({
  logits: groups.flatMap((g) => g.logits),
  positives: groups.flatMap((g) => g.positives),
});

describe('fitPlatt', () => {
  it.each([
    // two logit values: the fit passes through both observed rates, so a and b are solved by hand
    { name: 'z=0: 1 of 4, z=2: 3 of 4', data: join(group(0, 4, 1), group(2, 4, 3)), slope: Math.log(3), intercept: -Math.log(3) },
    // rates 1/2 and 3/4 at z = 1 and 3: b + a = 0, b + 3a = ln 3
    { name: 'z=1: 2 of 4, z=3: 3 of 4', data: join(group(1, 4, 2), group(3, 4, 3)), slope: Math.log(3) / 2, intercept: -Math.log(3) / 2 },
    // a base-rate shift only (same rate 1/5 at both logits): slope 0 is the optimum, intercept logit(1/5)
    { name: 'z=−1: 1 of 5, z=1: 1 of 5', data: join(group(-1, 5, 1), group(1, 5, 1)), slope: 0, intercept: Math.log(1 / 4) },
  ])('$name', ({ data, slope, intercept }) => {
    const fit = fitPlatt(data.logits, data.positives);
    expect(fit.slope).toBeCloseTo(slope, 6);
    expect(fit.intercept).toBeCloseTo(intercept, 6);
  });

  it('meets the logistic score equations on spread data: mean(p − y) = 0 and mean((p − y)·z) = 0', () => {
    const logits = Array.from({ length: 40 }, (_, i) => (i - 20) / 5);
    const positives = logits.map((z, i) => z > 0.5 !== (i % 7 === 0));
    const fit = fitPlatt(logits, positives);
    const residuals = logits.map((z, i) => sigmoid(fit.slope * z + fit.intercept) - (positives[i] ? 1 : 0));
    expect(residuals.reduce((a, r) => a + r, 0) / 40).toBeCloseTo(0, 8);
    expect(residuals.reduce((a, r, i) => a + r * logits[i], 0) / 40).toBeCloseTo(0, 8);
    expect(plattLoss(logits, positives, fit)).toBeLessThan(plattLoss(logits, positives, { slope: 1, intercept: 0 }));
  });

  it('stays finite and keeps the ranking on separable data', () => {
    const fit = fitPlatt([-2, -1, 1, 2], [false, false, true, true]);
    expect(Number.isFinite(fit.slope) && Number.isFinite(fit.intercept)).toBe(true);
    expect(fit.slope).toBeGreaterThan(1);
  });

  it('refuses a single class', () => {
    expect(() => fitPlatt([0, 1], [true, true])).toThrow(/positives and negatives/);
    expect(() => fitPlatt([0, 1], [true])).toThrow(/differ in length/);
  });
});
