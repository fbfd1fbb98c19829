/** RFC 4180 CSV text, the inverse of tools/lib/csv.ts: fields with commas, quotes or newlines are quoted. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvText(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  return [columns, ...rows.map((row) => columns.map((c) => row[c] ?? ''))].map((cells) => cells.map(cell).join(',')).join('\n') + '\n';
}
