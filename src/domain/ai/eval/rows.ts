/** One evaluation result, the row format shared with models/training/evaluate.py (models/README.md). */
export interface EvalRow {
  model: string;
  task: string;
  metric: string;
  value: number;
  n: number;
  nPositive?: number;
  /** 95 % confidence interval of `value` (src/domain/ai/eval/confidence.ts), when one is defined. */
  ci95?: [number, number];
  dataset: string;
  split: string;
  /** Free-text caveat (e.g. how many inputs were skipped). */
  note?: string;
}

/** Key that identifies a row across the Python and TypeScript evaluations. */
export function rowKey(row: Pick<EvalRow, 'model' | 'task' | 'metric' | 'dataset' | 'split'>): string {
  return [row.model, row.task, row.metric, row.dataset, row.split].join('|');
}
