import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  benchRun,
  historySection,
  mergeResults,
  publishRun,
  readResults,
  runFile,
  writeResults,
  type BenchFigure,
  type BenchResult,
} from '../../tools/bench/lib/results';
import { formatTable } from '../../tools/bench/lib/table';

const row = (name: string, value: number, run = 'r1'): BenchResult => ({
  name,
  value,
  unit: 'ms',
  reference: 'x',
  ratio: 1,
  run,
  commit: 'abc1234',
  studies: null,
  load: 1.5,
});
const figure = (name: string, value: number): BenchFigure => ({ name, value, unit: 'ms', reference: 'x', ratio: 1 });

describe('formatTable', () => {
  it('left-aligns text, right-aligns numbers with fixed decimals', () => {
    const table = formatTable(
      ['policy', 'mean'],
      [
        ['FIFO', 13.594],
        ['AI priority', 4.2],
      ],
      2,
    );
    expect(table.split('\n')).toEqual(['policy        mean', '-----------  -----', 'FIFO         13.59', 'AI priority   4.20']);
  });
});

describe('mergeResults', () => {
  it.each<[string, BenchResult[], BenchResult[], BenchResult[]]>([
    ['into nothing', [], [row('a', 1)], [row('a', 1)]],
    ['replaces in place', [row('a', 1), row('b', 2)], [row('a', 9)], [row('a', 9), row('b', 2)]],
    ['appends new names', [row('a', 1)], [row('c', 3), row('b', 2)], [row('a', 1), row('c', 3), row('b', 2)]],
    ['last duplicate wins', [row('a', 1)], [row('a', 2), row('a', 3)], [row('a', 3)]],
  ])('%s', (_name, existing, updates, expected) => {
    expect(mergeResults(existing, updates)).toEqual(expected);
  });
});

describe('writeResults', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const inBenchSh = { DOKUEI_BENCH_RUN: 'r1' };

  it('appends each bench to the run file of DOKUEI_BENCH_RUN, stamped with run, commit, studies and load', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const file = writeResults([figure('a', 1), { ...figure('b', 2), studies: 10 }], { load: 1.5 }, { dir, env: inBenchSh, commit: 'abc1234' });
    expect(file).toBe(runFile('r1', dir));
    writeResults([figure('b', 5)], { load: 1.5, studies: 1000 }, { dir, env: inBenchSh, commit: 'abc1234' });
    expect(readResults(file)).toEqual([row('a', 1), { ...row('b', 5), studies: 1000 }]);
  });

  it('run alone, a bench writes a run of its own', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const { run, standalone } = benchRun({}, 'abc1234-dirty');
    expect(standalone).toBe(true);
    expect(run).toMatch(/^\d{8}T\d{6}Z-abc1234-alone$/);
    expect(benchRun(inBenchSh)).toEqual({ run: 'r1', standalone: false });
    expect(() => benchRun({ DOKUEI_BENCH_RUN: '../x' })).toThrow(/must be/);
  });

  it('refuses to append to a run file that is not a list', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const file = runFile('r1', dir);
    writeFileSync(file, '{"a": 1}');
    expect(() => writeResults([figure('a', 1)], { load: 0 }, { dir, env: inBenchSh })).toThrow('must hold a JSON list');
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}');
  });
});

describe('publishRun', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces results.json with the complete run (no merge with the previous one)', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const results = join(dir, 'results.json');
    writeFileSync(results, JSON.stringify([row('old', 9, 'r0')]));
    writeResults([figure('a', 1)], { load: 1.5 }, { dir, env: { DOKUEI_BENCH_RUN: 'r1' }, commit: 'abc1234' });
    expect(publishRun('r1', { dir, results })).toEqual([row('a', 1)]);
    expect(JSON.parse(readFileSync(results, 'utf8'))).toEqual([row('a', 1)]);
  });

  it('refuses an empty run and a run file with rows of another run', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const results = join(dir, 'results.json');
    expect(() => publishRun('r9', { dir, results })).toThrow(/no figures/);
    writeFileSync(runFile('r1', dir), JSON.stringify([row('a', 1, 'r0')]));
    expect(() => publishRun('r1', { dir, results })).toThrow(/another run/);
  });

  it('history section: one markdown table per run', () => {
    expect(
      historySection([row('a', 1)])
        .split('\n')
        .slice(0, 1),
    ).toEqual(['## r1 (commit abc1234)']);
    expect(historySection([row('a', 1)])).toContain('| a | 1 | ms | 1 | x | — | 1.5 |');
  });
});
