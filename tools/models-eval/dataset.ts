import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { GrayImage } from '../../src/domain/ai/image';
import { csvTable } from '../lib/csv';

/** One labels.csv row, column → raw string. */
export type LabelRow = Record<string, string>;

export interface DataSet {
  /** Folder base name, the `dataset` of the evaluation rows. */
  name: string;
  dir: string;
  columns: string[];
  rows: LabelRow[];
  /** A row's image; default: its `file` under `dir` decoded (PNG or DICOM). Throws SkipImage for an unusable one. */
  readImage?: (row: LabelRow) => Promise<GrayImage>;
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

/** A set of the data root by name (the sets a model was selected on), or an error saying where it was looked for. */
export function namedDataSet(name: string): DataSet {
  const dir = resolveSetDir(name);
  if (!dir) throw new DataSetError(`data set ${name} not found (set DOKUEI_DATA or place it under ../shared/data)`);
  return loadDataSet(dir);
}

export function loadDataSet(dir: string): DataSet {
  const abs = resolve(dir);
  const csvPath = join(abs, 'labels.csv');
  if (!existsSync(csvPath)) {
    throw new DataSetError(`no labels.csv in ${abs}: --data takes a set folder in the labels.csv convention of ../shared/data`);
  }
  const { columns, rows } = csvTable(readFileSync(csvPath, 'utf8'));
  if (!columns.includes('file')) throw new DataSetError(`${csvPath} has no "file" column`);
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
