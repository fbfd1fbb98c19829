import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One figure in bench/results.json (GUIDE §5). Rows with nothing to compare against carry nulls. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference: string | null;
  ratio: number | null;
}

export const RESULTS_FILE = fileURLToPath(new URL('../../../bench/results.json', import.meta.url));

/** Rows of `updates` replace rows of the same name in place; new names are appended (the last row of a name wins). */
export function mergeResults(existing: readonly BenchResult[], updates: readonly BenchResult[]): BenchResult[] {
  const byName = new Map(updates.map((row) => [row.name, row]));
  const merged = existing.map((row) => byName.get(row.name) ?? row);
  const present = new Set(existing.map((row) => row.name));
  return [...merged, ...[...byName.values()].filter((row) => !present.has(row.name))];
}

function readResults(file: string): BenchResult[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON list of results`);
  return parsed as BenchResult[];
}

/** Merges `rows` into the results file; writes a temporary file first so a crash never truncates it. */
export function writeResults(rows: readonly BenchResult[], file = RESULTS_FILE): void {
  const merged = mergeResults(readResults(file), rows);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(merged, null, 2) + '\n');
  renameSync(temporary, file);
}
