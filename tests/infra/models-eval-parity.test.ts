import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowKey, type EvalRow } from '../../src/domain/ai/eval/rows';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import { loadDataSet } from '../../tools/models-eval/dataset';
import { loadModelsFromDir } from '../../tools/models-eval/models';
import { evaluateDataSets } from '../../tools/models-eval/run';
import { MODELS_DIR, requireDataDir } from '../support/data-dir';

const TOLERANCE = 0.01;

/** The rows evaluate.py stored in each manifest's metrics.test, by `dataset` (pooled OOD rows name "a+b"). */
function expectedByDataset(models: LoadedModel[]): Map<string, EvalRow[]> {
  const groups = new Map<string, EvalRow[]>();
  for (const row of models.flatMap((m) => m.manifest.metrics?.test ?? [])) {
    groups.set(row.dataset, [...(groups.get(row.dataset) ?? []), row]);
  }
  return groups;
}

describe('models:eval agrees with the metrics stored by models/training/evaluate.py', () => {
  const data = requireDataDir();
  let models: LoadedModel[] = [];
  beforeAll(async () => {
    models = await loadModelsFromDir(MODELS_DIR, createOrtNodeBackend());
  });
  afterAll(async () => {
    for (const m of models) await m.session.release();
  });

  it('has test metrics to compare', () => {
    expect(models.length, `no models in ${MODELS_DIR}`).toBeGreaterThan(0);
    for (const m of models) expect(m.manifest.metrics?.test?.length ?? 0, `${m.manifest.id} has no metrics.test rows`).toBeGreaterThan(0);
  });

  it('reproduces every test row within 0.01', { timeout: 600_000 }, async () => {
    const mismatches: string[] = [];
    let compared = 0;
    let worst = 0;
    for (const [dataset, expected] of expectedByDataset(models)) {
      const users = models.filter((m) => expected.some((r) => r.model === m.manifest.id));
      const sets = dataset.split('+').map((name) => loadDataSet(resolve(data, name)));
      const { rows } = await evaluateDataSets(users, sets, 'test');
      const actual = new Map(rows.map((r) => [rowKey(r), r]));
      for (const want of expected) {
        const got = actual.get(rowKey(want));
        compared++;
        if (got) worst = Math.max(worst, Math.abs(got.value - want.value));
        if (!got)
          mismatches.push(
            `${rowKey(want)}: missing (TS produced ${
              rows
                .filter((r) => r.model === want.model && r.task === want.task)
                .map((r) => r.metric)
                .join(', ') || 'nothing'
            })`,
          );
        else if (Math.abs(got.value - want.value) > TOLERANCE || got.n !== want.n) {
          mismatches.push(`${rowKey(want)}: TS ${got.value.toFixed(4)} (n=${got.n}) vs Python ${want.value.toFixed(4)} (n=${want.n})`);
        }
      }
    }
    console.info(`models:eval parity: ${compared - mismatches.length}/${compared} rows within ${TOLERANCE}, max |ts − py| = ${worst.toExponential(2)}`);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(0);
  });
});
