export type Cell = string | number;

/**
 * A plain-text table for terminal output: strings left-aligned, numbers right-aligned with a
 * fixed number of decimals so columns line up. A header is right-aligned over an all-number column.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[], decimals = 1): string {
  const render = (cell: Cell) => (typeof cell === 'number' ? cell.toFixed(decimals) : cell);
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => render(row[col]).length)));
  const pad = (text: string, col: number, right: boolean) => (right ? text.padStart(widths[col]) : text.padEnd(widths[col]));
  const numericColumn = (col: number) => rows.length > 0 && rows.every((row) => typeof row[col] === 'number');
  const joinLine = (cells: string[]) => cells.join('  ').trimEnd();
  return [
    joinLine(header.map((title, col) => pad(title, col, numericColumn(col)))),
    joinLine(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => joinLine(row.map((cell, col) => pad(render(cell), col, typeof cell === 'number')))),
  ].join('\n');
}

export function printTable(header: readonly string[], rows: readonly (readonly Cell[])[], decimals = 1): void {
  console.log(formatTable(header, rows, decimals));
}
