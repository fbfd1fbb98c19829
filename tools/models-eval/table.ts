import type { EvalRow } from '../../src/domain/ai/eval/rows';

/** A fixed-width text table: model, task, dataset, metric, value, n (n+ for binary tasks). */
export function formatTable(rows: readonly EvalRow[]): string {
  const header = ['model', 'task', 'dataset', 'split', 'metric', 'value', 'n', 'n+'];
  const body = rows.map((r) => [
    r.model,
    r.task,
    r.dataset,
    r.split,
    r.metric,
    r.value.toFixed(4),
    String(r.n),
    r.nPositive === undefined ? '' : String(r.nPositive),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const numeric = new Set([5, 6, 7]);
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
