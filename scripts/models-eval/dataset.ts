import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** One labels.csv row, column → raw string. */
export type LabelRow = Record<string, string>;

export interface DataSet {
  /** Folder base name, the `dataset` of the evaluation rows. */
  name: string;
  dir: string;
  columns: string[];
  rows: LabelRow[];
}

/** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

export class DataSetError extends Error {}

/** The shared data root: DOKUEI_DATA, else ../shared/data next to the repository (the cwd of npm scripts). */
export function dataRoot(): string {
  return resolve(process.env.DOKUEI_DATA ?? '../shared/data');
}

/** A --data argument as given, else as a set name under the data root (`--data cxr_nih14_256`); null if neither exists. */
export function resolveSetDir(arg: string): string | null {
  for (const candidate of [resolve(arg), join(dataRoot(), arg)]) if (existsSync(candidate)) return candidate;
  return null;
}

export function loadDataSet(dir: string): DataSet {
  const abs = resolve(dir);
  const csvPath = join(abs, 'labels.csv');
  if (!existsSync(csvPath)) {
    throw new DataSetError(`no labels.csv in ${abs}: --data takes a set folder in the labels.csv convention of ../shared/data`);
  }
  const [columns, ...records] = parseCsv(readFileSync(csvPath, 'utf8'));
  if (!columns?.includes('file')) throw new DataSetError(`${csvPath} has no "file" column`);
  const rows = records.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? ''])));
  return { name: basename(abs), dir: abs, columns, rows };
}

/** Contract: a chest row has no `body_part` column or its body_part is CHEST. */
export function isChest(row: LabelRow): boolean {
  return row.body_part === undefined || row.body_part === 'CHEST';
}

/** A radiograph: CR/DX when the set records modality (dicom/ does), else every row (the PNG sets). */
export function isRadiograph(row: LabelRow): boolean {
  return row.modality === undefined || row.modality === 'CR' || row.modality === 'DX';
}

/** In-distribution for OOD: a chest row that is a radiograph. */
export function isChestRadiograph(row: LabelRow): boolean {
  return isChest(row) && isRadiograph(row);
}

/** 0/1 label of a column, or null when the column is absent or holds something else. */
export function binaryLabel(row: LabelRow, column: string): 0 | 1 | null {
  const v = (row[column] ?? '').trim();
  return v === '0' ? 0 : v === '1' ? 1 : null;
}

/** Rows without a `split` value only take part with `--split all`. */
export function inSplit(row: LabelRow, split: string): boolean {
  return split === 'all' || row.split === split;
}
