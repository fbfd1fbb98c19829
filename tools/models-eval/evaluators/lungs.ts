import { join } from 'node:path';
import type { LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import type { EvalRow } from '../../../src/domain/ai/eval/rows';
import { preprocessXr } from '../../../src/domain/ai/preprocess';
import { runModel, outputTensor } from '../../../src/domain/ai/analyze';
import { segmentationToSource } from '../../../src/domain/ai/postprocess/segmentation';
import { dice, mean, median } from '../../../src/domain/ai/eval/metrics';
import { decodeMask } from '../decode';
import { groupBy, rowBuilder, type Evaluator, type Sample } from '../evaluator';

/** Segmentation models (cxr-lungs): Dice at the source mask's resolution, ignore pixels excluded. */
export function lungsEvaluator(model: LoadedModel, dataDir: (dataset: string) => string): Evaluator {
  const m = model.manifest;
  const seg = m.segmentation;
  if (!seg) throw new Error(`${m.id}: a segmentation model needs a "segmentation" section`);
  const scores: { dataset: string; dice: number }[] = [];
  return {
    model,
    wants: (row) => (row.mask_file ?? '').trim() !== '',
    async observe({ dataset, row, image }: Sample) {
      const truth = decodeMask(join(dataDir(dataset), row.mask_file));
      if (truth.width !== image.width || truth.height !== image.height) {
        throw new Error(`${row.mask_file} is ${truth.width}x${truth.height}, its image ${image.width}x${image.height}`);
      }
      const pre = preprocessXr(image, m.preprocessing);
      const out = outputTensor(await runModel(model, pre), seg.output, m.id);
      const { mask } = segmentationToSource(out.data, out.dims, 0, pre.geometry, seg.threshold);
      scores.push({ dataset, dice: dice(mask.data, truth.truth, truth.valid) });
    },
    rows(split) {
      const out: EvalRow[] = [];
      for (const [dataset, list] of groupBy(scores, (s) => s.dataset)) {
        const row = rowBuilder({ model: m.id, task: 'lungs', dataset, split });
        const values = list.map((s) => s.dice);
        out.push(...row('dice_mean', mean(values), values.length), ...row('dice_median', median(values), values.length));
      }
      return out;
    },
  };
}
