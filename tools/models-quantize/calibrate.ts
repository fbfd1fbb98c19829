import { join } from 'node:path';
import type { InferenceBackend } from '../../src/domain/ai/runtime/backend';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { preprocessXr } from '../../src/domain/ai/preprocess';
import { inSplit, type DataSet } from '../models-eval/dataset';
import { decodeImageFile, SkipImage } from '../models-eval/decode';
import { evaluatorFor } from '../models-eval/run';

export type Ranges = Record<string, [number, number]>;

export interface Calibration {
  ranges: Ranges;
  images: number;
  datasets: string[];
}

/** Up to `count` train-split rows the model's evaluator would use, spread evenly over every set. */
function calibrationRows(model: LoadedModel, sets: DataSet[], count: number) {
  const wants = evaluatorFor(model, new Map(sets.map((s) => [s.name, s.dir]))).wants;
  const rows = sets.flatMap((set) => set.rows.filter((r) => inSplit(r, 'train') && wants(r)).map((row) => ({ set, row })));
  const step = Math.max(1, rows.length / count);
  return Array.from({ length: Math.min(count, rows.length) }, (_, i) => rows[Math.floor(i * step)]);
}

/**
 * Min/max of every tensor to quantize, over train-split images preprocessed by the app's own code:
 * `calibrationGraph` is the float model with those tensors as extra outputs (quantize.py calibration).
 */
export async function calibrate(
  model: LoadedModel,
  calibrationGraph: Uint8Array,
  tensors: readonly string[],
  sets: DataSet[],
  backend: InferenceBackend,
  count: number,
): Promise<Calibration> {
  const session = await backend.createSession(calibrationGraph);
  const ranges: Ranges = Object.fromEntries(tensors.map((t) => [t, [Infinity, -Infinity]]));
  const used = new Set<string>();
  let images = 0;
  try {
    for (const { set, row } of calibrationRows(model, sets, count)) {
      let pre;
      try {
        pre = preprocessXr(decodeImageFile(join(set.dir, row.file)), model.manifest.preprocessing);
      } catch (e) {
        if (e instanceof SkipImage) continue;
        throw e;
      }
      const outputs = await session.run({ [model.manifest.input.name]: { data: pre.tensor, dims: pre.shape } }, tensors);
      for (const name of tensors) {
        const range = ranges[name];
        for (const v of outputs[name].data) {
          if (v < range[0]) range[0] = v;
          if (v > range[1]) range[1] = v;
        }
      }
      used.add(set.name);
      images++;
    }
  } finally {
    await session.release();
  }
  if (images === 0) throw new Error(`${model.manifest.id}: no train-split image to calibrate on`);
  return { ranges, images, datasets: [...used].sort() };
}
