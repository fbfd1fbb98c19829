/**
 * 95 % confidence intervals of the evaluation rows: Wilson for proportions (metrics.ts), Hanley–McNeil
 * for the AUC, and a percentile bootstrap with a fixed seed for statistics without a closed form (ECE),
 * so the same data always gives the same interval.
 */
import { seededRandom } from './seeded-random';
import { wilson } from './metrics';

export type Interval = [number, number];

const Z95 = 1.959964;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Wilson interval of a proportion k / n; null when n = 0. */
export const proportionCI = (k: number, n: number): Interval | null => wilson(k, n, Z95);

/**
 * Hanley & McNeil (1982) standard error of an AUC from its value and the class sizes, as a normal
 * interval clipped to [0, 1]; null when a class is empty.
 */
export function aucCI(value: number, nPositive: number, nNegative: number): Interval | null {
  if (nPositive === 0 || nNegative === 0) return null;
  const q1 = value / (2 - value);
  const q2 = (2 * value * value) / (1 + value);
  const variance = (value * (1 - value) + (nPositive - 1) * (q1 - value * value) + (nNegative - 1) * (q2 - value * value)) / (nPositive * nNegative);
  const half = Z95 * Math.sqrt(Math.max(0, variance));
  return [clamp01(value - half), clamp01(value + half)];
}

export const BOOTSTRAP_SEED = 20261202;
export const BOOTSTRAP_RESAMPLES = 1000;

/**
 * Percentile bootstrap (2.5 %, 97.5 %) of `statistic` over `n` items resampled with replacement;
 * resamples where the statistic is undefined (null) are left out. Null when n = 0 or none is defined.
 */
export function bootstrapCI(
  n: number,
  statistic: (indices: readonly number[]) => number | null,
  resamples = BOOTSTRAP_RESAMPLES,
  seed = BOOTSTRAP_SEED,
): Interval | null {
  if (n === 0) return null;
  const random = seededRandom(seed);
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(random() * n);
    const value = statistic(indices);
    if (value !== null) values.push(value);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return [at(0.025), at(0.975)];
}
