import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One figure in bench/results.json (GUIDE §5). Rows with nothing to compare against carry nulls.
 * run: the `npm run bench` invocation (DOKUEI_BENCH_RUN, exported by tools/bench.sh), or the bench's
 * own id when run alone; commit: `git rev-parse --short HEAD`, "-dirty" when the tree had changes;
 * studies: the PACS / index size the figure was measured at (null when none applies);
 * load: 1-minute load average when that bench started.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference: string | null;
  ratio: number | null;
  run: string;
  commit: string;
  studies: number | null;
  load: number;
}

/** What a bench measures; writeResults adds run, commit and load (and studies unless the figure has its own). */
export type BenchFigure = Omit<BenchResult, 'run' | 'commit' | 'studies' | 'load'> & { studies?: number | null };

export interface BenchContext {
  /** os.loadavg()[0] when the bench started. */
  load: number;
  /** Default `studies` of the figures. */
  studies?: number | null;
}

const BENCH_DIR = fileURLToPath(new URL('../../../bench/', import.meta.url));
export const RESULTS_FILE = join(BENCH_DIR, 'results.json');
/** Run files, one per run id: bench/tmp/run-<id>.json (bench.sh moves the complete one to results.json). */
export const RUN_DIR = join(BENCH_DIR, 'tmp');

/** Short commit of the checkout, "-dirty" when `git status` lists changes; "unknown" outside git. */
export function currentCommit(cwd = BENCH_DIR): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

const timestamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** The run this process belongs to: bench.sh's DOKUEI_BENCH_RUN, else a run of its own (standalone). */
export function benchRun(env: NodeJS.ProcessEnv = process.env, commit = currentCommit()): { run: string; standalone: boolean } {
  const shared = env.DOKUEI_BENCH_RUN?.trim();
  if (shared) {
    if (!/^[\w.-]+$/.test(shared)) throw new Error(`DOKUEI_BENCH_RUN "${shared}" must be letters, digits, '.', '_' or '-'`);
    return { run: shared, standalone: false };
  }
  return { run: `${timestamp(new Date())}-${commit.replace(/-dirty$/, '')}-alone`, standalone: true };
}

export const runFile = (run: string, dir = RUN_DIR) => join(dir, `run-${run}.json`);

/** Rows of `updates` replace rows of the same name in place; new names are appended (the last row of a name wins). */
export function mergeResults(existing: readonly BenchResult[], updates: readonly BenchResult[]): BenchResult[] {
  const byName = new Map(updates.map((row) => [row.name, row]));
  const merged = existing.map((row) => byName.get(row.name) ?? row);
  const present = new Set(existing.map((row) => row.name));
  return [...merged, ...[...byName.values()].filter((row) => !present.has(row.name))];
}

export function readResults(file: string): BenchResult[] {
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON list of results`);
  return parsed as BenchResult[];
}

function writeAtomically(file: string, rows: readonly BenchResult[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(rows, null, 2) + '\n');
  renameSync(temporary, file);
}

export interface WriteOptions {
  env?: NodeJS.ProcessEnv;
  /** Where run files go (tests). */
  dir?: string;
  commit?: string;
}

/**
 * Stamps the figures with run, commit, studies and load and appends them to this run's file
 * (bench/tmp/run-<id>.json; a crash never truncates it). Never touches bench/results.json: bench.sh
 * moves a complete run there once every bench succeeded. Returns the run file.
 */
export function writeResults(figures: readonly BenchFigure[], context: BenchContext, options: WriteOptions = {}): string {
  const commit = options.commit ?? currentCommit();
  const { run, standalone } = benchRun(options.env ?? process.env, commit);
  const rows = figures.map(({ studies, ...figure }): BenchResult => ({
    ...figure,
    run,
    commit,
    studies: studies !== undefined ? studies : (context.studies ?? null),
    load: Number(context.load.toFixed(2)),
  }));
  const file = runFile(run, options.dir);
  writeAtomically(file, mergeResults(readResults(file), rows));
  if (standalone) console.log(`bench: ${rows.length} figures written to ${file} (a run of its own: bench/results.json is written by npm run bench only)`);
  return file;
}

/** bench.sh, after every bench succeeded: the run's file becomes bench/results.json (replaced, not merged). */
export function publishRun(run: string, options: { dir?: string; results?: string } = {}): BenchResult[] {
  const file = runFile(run, options.dir);
  const rows = readResults(file);
  if (rows.length === 0) throw new Error(`${file} holds no figures: nothing to publish`);
  const stray = rows.find((row) => row.run !== run);
  if (stray) throw new Error(`${file} holds a row of another run (${stray.run}: ${stray.name})`);
  writeAtomically(options.results ?? RESULTS_FILE, rows);
  return rows;
}

/** A markdown section of the run for bench/HISTORY.md. */
export function historySection(rows: readonly BenchResult[]): string {
  const cell = (value: number | string | null) => (value === null ? '—' : String(value));
  const head = rows[0];
  return [
    `## ${head.run} (commit ${head.commit})`,
    '',
    '| figure | value | unit | ratio | reference | studies | load |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.unit} | ${cell(r.ratio)} | ${cell(r.reference)} | ${cell(r.studies)} | ${r.load} |`),
    '',
  ].join('\n');
}

export const HISTORY_HEADER = '# Bench history\n\nGenerated by `npm run bench` (tools/bench.sh) from each complete bench/results.json: do not edit.\n\n';
