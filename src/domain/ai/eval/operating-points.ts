/**
 * Named operating points chosen on validation scores (tools/models-points.ts). A positive call is
 * `probability ≥ threshold`; thresholds sit on the 6-decimal grid the manifests store, rounded in the
 * direction that keeps the rule true (rounding never lowers the sensitivity or specificity it was chosen for).
 */
import type { OperatingPointStats } from '../manifest';
import { confusion, wilson } from './metrics';

const GRID = 1e6;
const floorToGrid = (x: number) => Math.floor(x * GRID + 1e-9) / GRID;
/** Smallest grid value strictly above x. */
const aboveOnGrid = (x: number) => (Math.floor(x * GRID + 1e-9) + 1) / GRID;

const pick = <T>(values: readonly T[], keep: readonly boolean[]) => values.filter((_, i) => keep[i]);

/** Highest threshold whose sensitivity is ≥ target: at the score of the positive that reaches it. */
export function thresholdForSensitivity(probs: readonly number[], positives: readonly boolean[], target: number): number {
  const pos = pick(probs, positives).sort((a, b) => b - a);
  if (pos.length === 0) throw new Error('thresholdForSensitivity: no positives');
  const needed = Math.max(1, Math.ceil(target * pos.length - 1e-9));
  return floorToGrid(pos[needed - 1]);
}

/** Lowest threshold whose specificity is ≥ target: just above the highest negative that must stay negative. */
export function thresholdForSpecificity(probs: readonly number[], positives: readonly boolean[], target: number): number {
  const neg = pick(
    probs,
    positives.map((p) => !p),
  ).sort((a, b) => b - a);
  if (neg.length === 0) throw new Error('thresholdForSpecificity: no negatives');
  const allowedFalsePositives = Math.floor((1 - target) * neg.length + 1e-9);
  if (allowedFalsePositives >= neg.length) return 0;
  return Math.min(1, aboveOnGrid(neg[allowedFalsePositives]));
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const interval = (k: number, n: number): [number, number] => {
  const ci = wilson(k, n);
  return ci ? [round4(ci[0]), round4(ci[1])] : [0, 1];
};

/** Sensitivity and specificity at a threshold with 95 % Wilson intervals (4 decimals, as the manifests hold them). */
export function pointStats(probs: readonly number[], positives: readonly boolean[], threshold: number, dataset?: string): OperatingPointStats {
  const c = confusion(probs, positives, threshold);
  const nPositive = c.tp + c.fn;
  const nNegative = c.tn + c.fp;
  return {
    sensitivity: round4(c.tp / Math.max(1, nPositive)),
    sensitivityCI95: interval(c.tp, nPositive),
    specificity: round4(c.tn / Math.max(1, nNegative)),
    specificityCI95: interval(c.tn, nNegative),
    nPositive,
    nNegative,
    ...(dataset === undefined ? {} : { dataset }),
  };
}

/** Positive predictive value at a prevalence (Bayes): what a positive call means in a population with that prevalence. */
export function ppvAt(stats: Pick<OperatingPointStats, 'sensitivity' | 'specificity'>, prevalence: number): number | null {
  const truePositive = stats.sensitivity * prevalence;
  const falsePositive = (1 - stats.specificity) * (1 - prevalence);
  return truePositive + falsePositive > 0 ? truePositive / (truePositive + falsePositive) : null;
}

/** The prevalence of the label in the data the point was chosen on. */
export const prevalenceOf = (stats: Pick<OperatingPointStats, 'nPositive' | 'nNegative'>): number =>
  stats.nPositive / Math.max(1, stats.nPositive + stats.nNegative);
