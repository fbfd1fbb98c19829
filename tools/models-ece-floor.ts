/**
 * ECE noise floor of the Platt-calibrated models (PLATT_MODELS) on the test split of their selection sets:
 * the measured ECE next to the mean ECE of 500 label sets drawn from the model's own probabilities (seeded),
 * i.e. what a perfectly calibrated model would show at this n. The cxr-triage card quotes it.
 *
 * Usage: npm run models:ece-floor [-- --models models]
 */
import { resolve } from 'node:path';
import { ece } from '../src/domain/ai/eval/metrics';
import { seededRandom } from '../src/domain/ai/eval/seeded-random';
import { createOrtNodeBackend } from '../src/services/inference/runtime/ort-node';
import { namedDataSet } from './models-eval/dataset';
import { loadModelsFromDir } from './models-eval/models';
import { evaluateDataSets } from './models-eval/run';
import { PLATT_MODELS } from './models-points/calibrate';
import { pooled, SELECTION_SETS } from './models-points/choose';
import { eceFloor } from './models-points/ece-floor';

const DRAWS = 500;
const SEED = 1;

async function main(): Promise<void> {
  const at = process.argv.indexOf('--models');
  const models = (await loadModelsFromDir(resolve(at >= 0 ? process.argv[at + 1] : 'models'), createOrtNodeBackend())).filter((m) =>
    PLATT_MODELS.includes(m.manifest.id),
  );
  for (const model of models) {
    const selection = SELECTION_SETS[model.manifest.id];
    const { scores } = await evaluateDataSets([model], selection.map(namedDataSet), 'test');
    for (const label of new Set(scores.map((s) => s.label))) {
      const { probs, positives } = pooled(scores, label, selection);
      const floor = eceFloor(probs, DRAWS, seededRandom(SEED));
      console.log(
        `${model.manifest.id} ${label} ${selection.join('+')} test n=${probs.length}: ECE ${ece(probs, positives)?.toFixed(3)}, noise floor ${floor.toFixed(3)} (mean of ${DRAWS} draws, seed ${SEED})`,
      );
    }
  }
  for (const model of models) await model.session.release();
}

main().catch((e: unknown) => {
  console.error(`models:ece-floor failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
