import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../../../src/domain/ai/eval/rows';
import { compareRows, tooFewCases } from '../../../src/domain/ai/validation';

const row = (metric: string, value: number, extra: Partial<EvalRow> = {}): EvalRow => ({
  model: 'cxr-triage',
  task: 'abnormal',
  metric,
  value,
  n: 40,
  nPositive: 15,
  dataset: 'confirmed-cases',
  split: 'all',
  ...extra,
});

describe('compareRows', () => {
  it('pairs each candidate row with the active row of the same task, data set and metric, keeping rows only one has', () => {
    const rows = compareRows([row('auc', 0.9), row('sensitivity', 0.8)], [row('sensitivity', 0.7), row('auc', 0.85), row('auc', 0.5, { task: 'effusion' })]);
    expect(rows.map((r) => [r.task, r.metric, r.candidate?.value ?? null, r.active?.value ?? null])).toEqual([
      ['abnormal', 'auc', 0.9, 0.85],
      ['abnormal', 'sensitivity', 0.8, 0.7],
      ['effusion', 'auc', null, 0.5],
    ]);
  });
});

describe('tooFewCases', () => {
  it('says so per data set and task, naming n and the classes', () => {
    expect(tooFewCases([row('auc', 0.9, { n: 6, nPositive: 3 }), row('ece', 0.1, { n: 6, nPositive: 3 })])).toEqual([
      'confirmed-cases, abnormal: only 6 cases (3 positive, 3 negative): too few to decide on (at least 30, 10 of each class); the intervals show how uncertain the figures are.',
    ]);
  });

  it('flags a lacking class even when n is large, and is silent when both suffice', () => {
    expect(tooFewCases([row('auc', 0.9, { n: 100, nPositive: 4 })])).toHaveLength(1);
    expect(tooFewCases([row('auc', 0.9, { n: 100, nPositive: 40 })])).toEqual([]);
  });
});
