/**
 * A local validation run of a candidate model version (server/validation/README.md): the candidate and
 * the active version of the same model id evaluated on the site's confirmed cases and/or a labelled
 * folder, with the rows of `models:eval` and their 95 % intervals, then an admin's decision.
 */
import type { EvalRow } from './eval/rows';

export const VALIDATION_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type ValidationState = (typeof VALIDATION_STATES)[number];

export interface ValidationSources {
  /** The readers' assessment SRs in the PACS, labelled as the training export labels them. */
  confirmedCases: boolean;
  /** A labels.csv folder under the server's validation root, or null. */
  folder: string | null;
}

export interface ValidationReport {
  candidate: EvalRow[];
  /** Empty when the model id had no active version. */
  active: EvalRow[];
  images: number;
  /** Images that could not be used, counted per reason. */
  skipped: Record<string, number>;
}

export interface ValidationDecision {
  kind: 'promoted' | 'rejected';
  by: string;
  at: string;
  reason: string | null;
}

export interface ValidationRun {
  id: number;
  versionId: number;
  modelId: string;
  candidateVersion: string;
  /** The active version it was compared with (null: none was active). */
  activeVersionId: number | null;
  activeVersion: string | null;
  sources: ValidationSources;
  state: ValidationState;
  /** Images looked at so far, of `total` (0 of 0 while the cases are being gathered). */
  done: number;
  total: number;
  /** Why a failed run failed. */
  error: string | null;
  report: ValidationReport | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  decision: ValidationDecision | null;
}

/** One metric of one task and data set, candidate beside active. */
export interface ComparedRow {
  key: string;
  task: string;
  dataset: string;
  metric: string;
  candidate: EvalRow | null;
  active: EvalRow | null;
}

const keyOf = (row: EvalRow) => [row.task, row.dataset, row.split, row.metric].join('|');

/** The candidate's rows in their order, each with the active version's row of the same task, data set and metric. */
export function compareRows(candidate: readonly EvalRow[], active: readonly EvalRow[]): ComparedRow[] {
  const activeByKey = new Map(active.map((row) => [keyOf(row), row]));
  const rows: ComparedRow[] = candidate.map((row) => ({
    key: keyOf(row),
    task: row.task,
    dataset: row.dataset,
    metric: row.metric,
    candidate: row,
    active: activeByKey.get(keyOf(row)) ?? null,
  }));
  const seen = new Set(rows.map((r) => r.key));
  for (const row of active) {
    if (!seen.has(keyOf(row))) rows.push({ key: keyOf(row), task: row.task, dataset: row.dataset, metric: row.metric, candidate: null, active: row });
  }
  return rows;
}

/** Below these a task's figures are too uncertain to decide on (intervals are shown all the same). */
export const MIN_CASES = 30;
export const MIN_PER_CLASS = 10;

/** One plain sentence per (data set, task) with too few cases: n, positives and negatives named. */
export function tooFewCases(rows: readonly EvalRow[]): string[] {
  const largest = new Map<string, EvalRow>();
  for (const row of rows) {
    const key = `${row.dataset}|${row.task}`;
    if ((largest.get(key)?.n ?? -1) < row.n) largest.set(key, row);
  }
  return [...largest.values()].flatMap((row) => {
    const positives = row.nPositive;
    const negatives = positives === undefined ? undefined : row.n - positives;
    const few = row.n < MIN_CASES || (positives !== undefined && (positives < MIN_PER_CLASS || (negatives as number) < MIN_PER_CLASS));
    if (!few) return [];
    const classes = positives === undefined ? '' : ` (${positives} positive, ${negatives} negative)`;
    return [
      `${row.dataset}, ${row.task}: only ${row.n} case${row.n === 1 ? '' : 's'}${classes}: too few to decide on (at least ${MIN_CASES}, ${MIN_PER_CLASS} of each class); the intervals show how uncertain the figures are.`,
    ];
  });
}
