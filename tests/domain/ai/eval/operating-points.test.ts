import { describe, expect, it } from 'vitest';
import { pointStats, ppvAt, prevalenceOf, thresholdForSensitivity, thresholdForSpecificity } from '../../../../src/domain/ai/eval/operating-points';

// 10 positives scored 0.55…1.00 and 10 negatives scored 0.00…0.45 plus overlap: two negatives high, two positives low.
const positives = [...Array<boolean>(10).fill(true), ...Array<boolean>(10).fill(false)];
const probs = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.2, 0.1, 0.88, 0.72, 0.4, 0.35, 0.3, 0.25, 0.15, 0.12, 0.05, 0.01];

describe('operating points', () => {
  it('screen: the highest threshold that keeps sensitivity ≥ target', () => {
    const t = thresholdForSensitivity(probs, positives, 0.9);
    expect(t).toBe(0.2);
    expect(pointStats(probs, positives, t).sensitivity).toBe(0.9);
    expect(pointStats(probs, positives, t + 1e-6).sensitivity).toBe(0.8);
  });

  it('flag: the lowest threshold that keeps specificity ≥ target, on the 6-decimal grid', () => {
    const t = thresholdForSpecificity(probs, positives, 0.9);
    // one false positive allowed of 10 negatives: just above the second-highest negative (0.72)
    expect(t).toBe(0.720001);
    const s = pointStats(probs, positives, t);
    expect(s.specificity).toBe(0.9);
    expect(s.sensitivity).toBe(0.5);
    expect(pointStats(probs, positives, 0.72).specificity).toBe(0.8);
  });

  it('reports Wilson intervals and the counts', () => {
    const s = pointStats(probs, positives, 0.5, 'x val');
    expect(s).toMatchObject({ nPositive: 10, nNegative: 10, dataset: 'x val', sensitivity: 0.8, specificity: 0.8 });
    expect(s.sensitivityCI95[0]).toBeCloseTo(0.4902, 4);
    expect(s.sensitivityCI95[1]).toBeCloseTo(0.9433, 4);
  });

  it('PPV at a prevalence follows Bayes', () => {
    expect(ppvAt({ sensitivity: 0.5, specificity: 0.9 }, 0.1)).toBeCloseTo(0.05 / (0.05 + 0.09), 10);
    expect(ppvAt({ sensitivity: 0, specificity: 1 }, 0.1)).toBeNull();
    expect(prevalenceOf({ nPositive: 15, nNegative: 152 })).toBeCloseTo(15 / 167, 10);
  });
});
