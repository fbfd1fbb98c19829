import type { GrayImage } from '../../src/domain/ai/image';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { EvalRow } from '../../src/domain/ai/eval/rows';
import { accuracy, auc, confusion, ece, sensitivity, specificity } from '../../src/domain/ai/eval/metrics';
import { aucCI, bootstrapCI, type Interval, proportionCI } from '../../src/domain/ai/eval/confidence';
import type { LabelRow } from './dataset';

/** One labelled image of one data set, decoded once and shown to every evaluator that wants it. */
export interface Sample {
  dataset: string;
  row: LabelRow;
  image: GrayImage;
}

/** Calibrated probabilities and truths of one thresholded label on one data set: what operating points are chosen from. */
export interface BinaryScores {
  model: string;
  /** Evaluation task (flip for the QA head's `mirrored`). */
  task: string;
  /** The head label whose manifest threshold applies. */
  label: string;
  dataset: string;
  probs: number[];
  positives: boolean[];
  /** The uncalibrated logits behind `probs` (sigmoid heads), what a calibration is fitted on. */
  logits?: number[];
}

/** Collects one model's predictions image by image, then turns them into evaluation rows. */
export interface Evaluator {
  readonly model: LoadedModel;
  /** Whether this row takes part in any of the model's tasks (decoding is skipped otherwise). */
  wants(row: LabelRow): boolean;
  observe(sample: Sample): Promise<void>;
  rows(split: string): EvalRow[];
  /** Scores of every thresholded label, per data set (models without thresholds have none). */
  binaryScores?(): BinaryScores[];
}

/** What every row of one (model, task, dataset, split) shares. */
export type RowBase = Omit<EvalRow, 'metric' | 'value' | 'n' | 'nPositive' | 'ci95'>;

/** Builds rows for one (model, task, dataset, split), dropping metrics undefined on the data (null). */
export function rowBuilder(base: RowBase) {
  return (metric: string, value: number | null, n: number, nPositive?: number, ci95?: Interval | null): EvalRow[] =>
    value === null ? [] : [{ ...base, metric, value, n, ...(nPositive === undefined ? {} : { nPositive }), ...(ci95 ? { ci95 } : {}) }];
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** AUC, then accuracy/sensitivity/specificity at `threshold` (positive = probability ≥ threshold), then ECE; each with its 95 % CI. */
export function binaryRows(base: RowBase, probs: number[], positives: boolean[], threshold: number, withEce: boolean): EvalRow[] {
  const row = rowBuilder(base);
  const n = probs.length;
  const nPos = positives.filter(Boolean).length;
  const c = confusion(probs, positives, threshold);
  const areaUnderCurve = auc(probs, positives);
  const correct = c.tp + c.tn;
  return [
    ...row('auc', areaUnderCurve, n, nPos, areaUnderCurve === null ? null : aucCI(areaUnderCurve, nPos, n - nPos)),
    ...row(
      'accuracy',
      accuracy(
        probs.map((p) => p >= threshold),
        positives,
      ),
      n,
      nPos,
      proportionCI(correct, n),
    ),
    ...row('sensitivity', sensitivity(c), n, nPos, proportionCI(c.tp, c.tp + c.fn)),
    ...row('specificity', specificity(c), n, nPos, proportionCI(c.tn, c.tn + c.fp)),
    ...(withEce
      ? row(
          'ece',
          ece(probs, positives),
          n,
          nPos,
          bootstrapCI(n, (idx) =>
            ece(
              idx.map((i) => probs[i]),
              idx.map((i) => positives[i]),
            ),
          ),
        )
      : []),
  ];
}
