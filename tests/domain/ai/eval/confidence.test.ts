import { describe, expect, it } from 'vitest';
import { aucCI, bootstrapCI, proportionCI } from '../../../../src/domain/ai/eval/confidence';
import { seededRandom } from '../../../../src/domain/ai/eval/seeded-random';
import { ece } from '../../../../src/domain/ai/eval/metrics';

describe('proportionCI (Wilson)', () => {
  it.each([
    // Newcombe (1998), Statistics in Medicine 17:857, table I, method 3.
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f]', (k, n, low, high) => {
    const [a, b] = proportionCI(k, n)!;
    expect(a).toBeCloseTo(low, 4);
    expect(b).toBeCloseTo(high, 4);
  });

  it('is undefined without trials', () => expect(proportionCI(0, 0)).toBeNull());
});

describe('aucCI (Hanley–McNeil)', () => {
  it('has the standard error of Hanley & McNeil (1982) table II: AUC 0.80, 50 + 50 → SE 0.0445', () => {
    const [low, high] = aucCI(0.8, 50, 50)!;
    expect((high - low) / (2 * 1.959964)).toBeCloseTo(0.0445, 4);
    expect((low + high) / 2).toBeCloseTo(0.8, 10);
  });

  it('narrows with more cases and stays within [0, 1]', () => {
    const width = (n: number) => {
      const [a, b] = aucCI(0.9, n, n)!;
      return b - a;
    };
    expect(width(200)).toBeLessThan(width(20));
    expect(aucCI(0.99, 3, 3)![1]).toBeLessThanOrEqual(1);
  });

  it('is undefined when a class is empty', () => expect(aucCI(0.5, 0, 10)).toBeNull());
});

describe('bootstrapCI', () => {
  const probs = [0.1, 0.2, 0.35, 0.4, 0.6, 0.65, 0.8, 0.9, 0.3, 0.7];
  const positives = [false, false, false, true, true, false, true, true, false, true];
  const eceOf = (idx: readonly number[]) =>
    ece(
      idx.map((i) => probs[i]),
      idx.map((i) => positives[i]),
    );

  it('gives the same interval for the same data (fixed seed), around the statistic', () => {
    const a = bootstrapCI(probs.length, eceOf)!;
    expect(bootstrapCI(probs.length, eceOf)).toEqual(a);
    const value = eceOf(probs.map((_, i) => i))!;
    expect(a[0]).toBeLessThanOrEqual(value);
    expect(a[1]).toBeGreaterThanOrEqual(value);
    expect(a[1]).toBeGreaterThan(a[0]);
  });

  it('collapses on constant data and is undefined without data or without any defined resample', () => {
    expect(bootstrapCI(5, () => 0.25)).toEqual([0.25, 0.25]);
    expect(bootstrapCI(0, () => 1)).toBeNull();
    expect(bootstrapCI(5, () => null)).toBeNull();
  });

  it('draws uniformly from a seeded generator: same seed, same sequence, in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((s, v) => s + v, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
