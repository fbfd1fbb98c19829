import { describe, expect, it } from 'vitest';
import { isChest, isChestRadiograph, binaryLabel, inSplit, type LabelRow } from '../../tools/models-eval/dataset';
import { parseArgs } from '../../tools/models-eval/args';
import { formatTable } from '../../tools/models-eval/table';

describe('row rules', () => {
  it.each<{ row: LabelRow; chest: boolean; radiograph: boolean }>([
    { row: { file: 'a' }, chest: true, radiograph: true },
    { row: { file: 'a', body_part: 'CHEST', modality: 'CR' }, chest: true, radiograph: true },
    { row: { file: 'a', body_part: 'CHEST', modality: 'CT' }, chest: true, radiograph: false },
    { row: { file: 'a', body_part: 'PELVIS_HIP' }, chest: false, radiograph: false },
    { row: { file: 'a', body_part: 'PROSTATE', modality: 'MR' }, chest: false, radiograph: false },
  ])('$row', ({ row, chest, radiograph }) => {
    expect(isChest(row)).toBe(chest);
    expect(isChestRadiograph(row)).toBe(radiograph);
  });
  it.each([
    { value: '1', want: 1 },
    { value: ' 0 ', want: 0 },
    { value: '', want: null },
    { value: '-1', want: null },
    { value: undefined, want: null },
  ])('binary label "$value"', ({ value, want }) => {
    expect(binaryLabel(value === undefined ? {} : { abnormal: value }, 'abnormal')).toBe(want);
  });
  it('keeps rows without a split only for --split all', () => {
    expect(inSplit({ split: 'holdout' }, 'all')).toBe(true);
    expect(inSplit({ split: 'holdout' }, 'test')).toBe(false);
    expect(inSplit({}, 'test')).toBe(false);
  });
});

describe('arguments', () => {
  it('collects repeated --data and defaults', () => {
    expect(parseArgs(['--data', 'a', '--data', 'b'])).toEqual({ data: ['a', 'b'], split: 'test', models: 'models' });
    expect(parseArgs(['--data', 'a', '--split', 'all', '--out', 'o.json', '--models', 'm'])).toEqual({ data: ['a'], split: 'all', out: 'o.json', models: 'm' });
  });
  it.each([
    { argv: [], error: /at least one --data/ },
    { argv: ['--data'], error: /--data needs a value/ },
    { argv: ['--data', 'a', '--frobnicate'], error: /unknown argument --frobnicate/ },
  ])('refuses $argv', ({ argv, error }) => expect(() => parseArgs(argv)).toThrow(error));
});

it('prints an aligned table', () => {
  const table = formatTable([{ model: 'cxr-triage', task: 'abnormal', metric: 'auc', value: 0.91234, n: 153, nPositive: 86, dataset: 'nih', split: 'test' }]);
  expect(table.split('\n')).toHaveLength(3);
  expect(table).toContain('0.9123');
  expect(table).toMatch(/auc\s+0\.9123\s+153\s+86$/m);
});
