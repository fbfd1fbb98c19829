/** Counts of an export, for the printed table and manifest.json. */
import { DECISION_KINDS, type DecisionKind } from './labels';
import type { ExportImage, LabelTable } from './rows';

export interface ExportSummary {
  images: number;
  patients: number;
  splits: Record<string, number>;
  /** By labels.csv column (abnormal as derived there). */
  labels: Record<string, { positive: number; negative: number }>;
  decisions: Record<DecisionKind, number>;
}

export function exportSummary(images: readonly ExportImage[], table: LabelTable): ExportSummary {
  const splits: Record<string, number> = {};
  for (const image of images) splits[image.split] = (splits[image.split] ?? 0) + 1;
  const labels = Object.fromEntries(
    table.labelColumns.map((c) => [c, { positive: table.rows.filter((r) => r[c] === '1').length, negative: table.rows.filter((r) => r[c] === '0').length }]),
  );
  const decisions = Object.fromEntries(DECISION_KINDS.map((kind) => [kind, images.reduce((n, i) => n + i.labels.decisions[kind], 0)])) as Record<
    DecisionKind,
    number
  >;
  return { images: images.length, patients: new Set(images.map((i) => i.patientId)).size, splits, labels, decisions };
}

const table = (header: string[], body: string[][]) => {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
};

export function formatSummary(s: ExportSummary): string {
  const splits = Object.entries(s.splits)
    .sort()
    .map(([split, n]) => `${split} ${n}`)
    .join(', ');
  return [
    `images ${s.images} · patients ${s.patients} · ${splits || 'no split'}`,
    '',
    table(
      ['label', 'positive', 'negative'],
      Object.entries(s.labels).map(([label, c]) => [label, String(c.positive), String(c.negative)]),
    ),
    '',
    table(
      ['decision', 'count'],
      DECISION_KINDS.map((kind) => [kind, String(s.decisions[kind])]),
    ),
  ].join('\n');
}
