import { join } from 'node:path';
import type { EvalRow } from '../../src/domain/ai/eval/rows';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { DataSet, LabelRow } from './dataset';
import { inSplit } from './dataset';
import { decodeImageFile, SkipImage } from './decode';
import type { BinaryScores, Evaluator } from './evaluator';
import { lungsEvaluator } from './evaluators/lungs';
import { qaEvaluator } from './evaluators/qa';
import { triageEvaluator } from './evaluators/triage';

export interface EvalReport {
  rows: EvalRow[];
  /** The same rows per model, in the order the models were given. */
  byModel: EvalRow[][];
  images: number;
  /** Images that could not be used, counted per reason. */
  skipped: Record<string, number>;
  /** Per-image scores of the thresholded labels (tools/models-points.ts chooses operating points from them). */
  scores: BinaryScores[];
}

export function evaluatorFor(model: LoadedModel, dirs: Map<string, string>): Evaluator {
  switch (model.manifest.task) {
    case 'classification':
      return triageEvaluator(model);
    case 'qa':
      return qaEvaluator(model);
    case 'segmentation':
      return lungsEvaluator(model, (name) => dirs.get(name) as string);
  }
}

/** Decodes each row's image once and shows it to every model that uses it; returns the metric rows. */
export async function evaluateDataSets(
  models: LoadedModel[],
  sets: DataSet[],
  split: string,
  progress: (message: string) => void = () => {},
  onRow: (done: number, total: number) => void = () => {},
): Promise<EvalReport> {
  const dirs = new Map(sets.map((s) => [s.name, s.dir]));
  const evaluators = models.map((m) => evaluatorFor(m, dirs));
  const skipped: Record<string, number> = {};
  const total = sets.reduce((sum, set) => sum + set.rows.filter((r) => inSplit(r, split)).length, 0);
  let images = 0;
  let done = 0;
  for (const set of sets) {
    const rows = set.rows.filter((r) => inSplit(r, split));
    const readImage = set.readImage ?? (async (row: LabelRow) => decodeImageFile(join(set.dir, row.file)));
    progress(`${set.name}: ${rows.length} rows in split ${split}`);
    for (const [i, row] of rows.entries()) {
      onRow(done++, total);
      const users = evaluators.filter((e) => e.wants(row));
      if (users.length === 0) continue;
      try {
        const sample = { dataset: set.name, row, image: await readImage(row) };
        for (const e of users) await e.observe(sample);
        images++;
      } catch (e) {
        if (!(e instanceof SkipImage)) throw new Error(`${set.name}/${row.file}: ${(e as Error).message}`, { cause: e });
        skipped[e.message] = (skipped[e.message] ?? 0) + 1;
      }
      if ((i + 1) % 50 === 0 || i + 1 === rows.length) progress(`${set.name}: ${i + 1}/${rows.length}`);
    }
  }
  onRow(done, total);
  const byModel = evaluators.map((e) => e.rows(split));
  return { rows: byModel.flat(), byModel, images, skipped, scores: evaluators.flatMap((e) => e.binaryScores?.() ?? []) };
}
