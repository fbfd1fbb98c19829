import { describe, expect, it } from 'vitest';
import { accuracy, auc, confusion, dice, ece, macroAuc, median, sensitivity, specificity, wilson } from '../../../../src/domain/ai/eval/metrics';

const b = (xs: number[]) => xs.map((x) => x === 1);

describe('auc (Mann-Whitney, ties ½)', () => {
  it.each([
    { name: 'perfect', scores: [0.1, 0.2, 0.8, 0.9], labels: [0, 0, 1, 1], want: 1 },
    { name: 'inverted', scores: [0.9, 0.8, 0.2, 0.1], labels: [0, 0, 1, 1], want: 0 },
    { name: 'one swapped pair', scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1], want: 0.75 },
    { name: 'one tie across classes', scores: [0.2, 0.5, 0.5, 0.9], labels: [0, 0, 1, 1], want: 0.875 },
    { name: 'all tied', scores: [0.5, 0.5, 0.5, 0.5], labels: [0, 1, 0, 1], want: 0.5 },
    { name: 'unordered input', scores: [0.9, 0.1, 0.35, 0.4, 0.8], labels: [1, 0, 1, 0, 0], want: 4 / 6 },
  ])('$name', ({ scores, labels, want }) => {
    expect(auc(scores, b(labels))).toBeCloseTo(want, 12);
  });

  it('is undefined (null) without both classes', () => {
    expect(auc([0.1, 0.2], [true, true])).toBeNull();
    expect(auc([], [])).toBeNull();
  });
});

describe('macroAuc', () => {
  it('averages one-vs-rest AUC over classes present with both signs', () => {
    const probs = [
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.6, 0.3, 0.1],
      [0.3, 0.4, 0.3],
    ];
    // class 0: positives rows 0,2 (0.8,0.6) vs 0.2,0.3 → 1; class 1: positives rows 1,3 (0.7,0.4) vs 0.1,0.3 → 1;
    // class 2 never the label → skipped.
    expect(macroAuc(probs, [0, 1, 0, 1], 3)).toBe(1);
    expect(macroAuc([[0.5, 0.5]], [0], 2)).toBeNull();
  });
});

describe('threshold metrics', () => {
  const probs = [0.1, 0.5, 0.6, 0.4, 0.9];
  const labels = b([0, 0, 1, 1, 1]);
  it('calls positive at probability ≥ threshold', () => {
    expect(confusion(probs, labels, 0.5)).toEqual({ tp: 2, fn: 1, tn: 1, fp: 1 });
  });
  it.each([
    { threshold: 0.5, sens: 2 / 3, spec: 1 / 2 },
    { threshold: 0.95, sens: 0, spec: 1 },
    { threshold: 0, sens: 1, spec: 0 },
  ])('sens/spec at $threshold', ({ threshold, sens, spec }) => {
    const c = confusion(probs, labels, threshold);
    expect(sensitivity(c)).toBeCloseTo(sens, 12);
    expect(specificity(c)).toBeCloseTo(spec, 12);
  });
  it('accuracy compares element by element', () => {
    expect(accuracy([1, 2, 3, 0], [1, 2, 0, 0])).toBe(0.75);
    expect(accuracy([], [])).toBeNull();
  });
});

describe('wilson', () => {
  it.each([
    { k: 9, n: 10, lo: 0.5958, hi: 0.9821 },
    { k: 0, n: 10, lo: 0, hi: 0.2775 },
    { k: 50, n: 100, lo: 0.4038, hi: 0.5962 },
  ])('$k/$n', ({ k, n, lo, hi }) => {
    const ci = wilson(k, n);
    expect(ci?.[0]).toBeCloseTo(lo, 4);
    expect(ci?.[1]).toBeCloseTo(hi, 4);
  });
  it('is null for n = 0', () => expect(wilson(0, 0)).toBeNull());
});

describe('ece (10 equal-width bins)', () => {
  it.each([
    { probs: [0.05, 0.15, 0.95, 0.95], labels: [0, 0, 1, 0], want: 0.275 },
    { probs: [1, 1], labels: [1, 1], want: 0 },
    { probs: [0.25, 0.25, 0.25, 0.25], labels: [1, 0, 0, 0], want: 0 },
  ])('$probs', ({ probs, labels, want }) => {
    expect(ece(probs, b(labels))).toBeCloseTo(want, 12);
  });
});

describe('dice', () => {
  it.each([
    { pred: [1, 1, 0, 0], truth: [1, 0, 1, 0], valid: [1, 1, 1, 1], want: 0.5 },
    { pred: [1, 1, 0, 0], truth: [1, 0, 1, 0], valid: [1, 0, 1, 1], want: 2 / 3 },
    { pred: [0, 0], truth: [0, 0], valid: [1, 1], want: 1 },
    { pred: [1, 0], truth: [0, 1], valid: [1, 1], want: 0 },
    { pred: [1, 0], truth: [1, 0], valid: [0, 0], want: 1 },
  ])('$pred vs $truth (valid $valid)', ({ pred, truth, valid, want }) => {
    expect(dice(pred, truth, valid)).toBeCloseTo(want, 12);
  });
});

it('median takes the middle (mean of the two for even counts)', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([])).toBeNull();
});
