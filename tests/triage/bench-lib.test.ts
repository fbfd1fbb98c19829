import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeResults, writeResults, type BenchResult } from '../../scripts/bench/lib/results';
import { formatTable } from '../../scripts/bench/lib/table';

const row = (name: string, value: number): BenchResult => ({ name, value, unit: 'ms', reference: 'x', ratio: 1 });

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

  it('creates the file, then merges into it', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const file = join(dir, 'nested', 'results.json');
    writeResults([row('a', 1), row('b', 2)], file);
    writeResults([row('b', 5)], file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual([row('a', 1), row('b', 5)]);
  });

  it('refuses to overwrite a file that is not a list', () => {
    dir = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
    const file = join(dir, 'results.json');
    writeFileSync(file, '{"a": 1}');
    expect(() => writeResults([row('a', 1)], file)).toThrow('must hold a JSON list');
    expect(readFileSync(file, 'utf8')).toBe('{"a": 1}');
  });
});
