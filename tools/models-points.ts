/**
 * Named operating points: for every thresholded label, `screen` (sensitivity ≥ 0.9) and `flag`
 * (specificity ≥ 0.9; both 0.98 for cxr-qa, see rulesFor) chosen on the val split of the data sets the model was selected on, then reported
 * on their test split (never used to choose). `--write` stores them in the manifests: `flag` becomes the
 * decision threshold and the metric rows that depend on it (accuracy, sensitivity, specificity) are
 * re-computed at it. The ONNX files and their sha256 are untouched.
 *
 * `--calibrate` (npm run models:calibrate) first fits Platt scaling per label on the same val logits for the
 * models of PLATT_MODELS, float and quantized variant each on its own logits, then chooses the points on
 * the probabilities it gives and re-computes the ECE rows as well.
 *
 * Usage: npm run models:points [-- --write] [--models models] [--calibrate]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelManifest, OperatingPointStats } from '../src/domain/ai/manifest';
import { createOrtNodeBackend } from '../src/services/inference/runtime/ort-node';
import type { LoadedModel } from '../src/domain/ai/runtime/load-model';
import { namedDataSet } from './models-eval/dataset';
import type { BinaryScores } from './models-eval/evaluator';
import { loadModelsFromDir } from './models-eval/models';
import { validateManifest } from '../src/domain/ai/manifest';
import { loadModel } from '../src/domain/ai/runtime/load-model';
import { VARIANT_SUFFIX } from '../src/domain/ai/quantization';
import type { InferenceBackend } from '../src/domain/ai/runtime/backend';
import { fitHeadPlatt, PLATT_MODELS, recalibrated } from './models-points/calibrate';
import { evaluateDataSets } from './models-eval/run';
import { choosePoints, pooled, replaceThresholdRows, rulesFor, SELECTION_SETS, thresholdEntry, type LabelPoints } from './models-points/choose';

const SPLITS = ['val', 'test'] as const;

/** Selection sets first, then every other single data set with stored threshold-dependent rows (a sensitivity row). */
function dataSetsOf(manifest: ModelManifest, selection: readonly string[]): string[] {
  const stored = Object.values(manifest.metrics ?? {})
    .flatMap((rows) => rows ?? [])
    .filter((r) => r.metric === 'sensitivity' && !r.dataset.includes('+'))
    .map((r) => r.dataset);
  return [...new Set([...selection, ...stored])];
}

async function scoresOf(model: LoadedModel, datasets: readonly string[]): Promise<Record<(typeof SPLITS)[number], BinaryScores[]>> {
  const out = { val: [] as BinaryScores[], test: [] as BinaryScores[] };
  for (const split of SPLITS) {
    for (const name of datasets) {
      const report = await evaluateDataSets([model], [namedDataSet(name)], split);
      out[split].push(...report.scores);
      console.error(`${model.manifest.id}: ${name} ${split}, ${report.images} images`);
    }
  }
  return out;
}

const figure = (s: OperatingPointStats | undefined) =>
  s
    ? `sens ${s.sensitivity.toFixed(3)} [${s.sensitivityCI95.map((x) => x.toFixed(3)).join(', ')}] spec ${s.specificity.toFixed(3)} [${s.specificityCI95.map((x) => x.toFixed(3)).join(', ')}] (${s.nPositive}/${s.nNegative})`
    : '—';

/** The manifest with its new points and re-computed rows (the loaded object is left as it was). */
async function withPoints(model: LoadedModel, calibrate: boolean): Promise<{ manifest: ModelManifest; points: Map<string, LabelPoints> } | null> {
  const selection = SELECTION_SETS[model.manifest.id];
  if (!selection) return null;
  const scores = await scoresOf(model, dataSetsOf(model.manifest, selection));
  const manifest = structuredClone(model.manifest);
  if (calibrate) {
    for (const head of manifest.heads.filter((h) => h.activation === 'sigmoid')) {
      head.calibration = fitHeadPlatt(head, scores.val, selection);
      scores.val = recalibrated(head, scores.val);
      scores.test = recalibrated(head, scores.test);
    }
  }
  const points = new Map<string, LabelPoints>();
  for (const head of manifest.heads) {
    for (const label of Object.keys(head.thresholds ?? {})) {
      const chosen = choosePoints(pooled(scores.val, label, selection), pooled(scores.test, label, selection), selection, rulesFor(model.manifest.id));
      head.thresholds![label] = thresholdEntry(chosen);
      points.set(label, chosen);
    }
  }
  const threshold = (label: string) => points.get(label)!.flag.value;
  for (const split of SPLITS) {
    if (manifest.metrics?.[split]) manifest.metrics[split] = replaceThresholdRows(manifest, scores[split], split, threshold, calibrate);
  }
  return { manifest, points };
}

/** As models/training/export.py writes manifests (json.dump, indent 2, ASCII escapes), so diffs stay small. */
function manifestText(manifest: ModelManifest): string {
  return JSON.stringify(manifest, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** The quantized variant of a float model (`<id>.int8.json`), when there is one: its calibration is fitted on its own logits. */
async function variantOf(dir: string, id: string, backend: InferenceBackend): Promise<{ model: LoadedModel; path: string }[]> {
  const path = join(dir, `${id}${VARIANT_SUFFIX}.json`);
  if (!existsSync(path)) return [];
  const manifest = validateManifest(JSON.parse(readFileSync(path, 'utf8')), path);
  return [{ model: await loadModel(backend, manifest, new Uint8Array(readFileSync(join(dir, manifest.file)))), path }];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const write = argv.includes('--write');
  const calibrate = argv.includes('--calibrate');
  const at = argv.indexOf('--models');
  const modelsDir = resolve(at >= 0 ? argv[at + 1] : 'models');
  const backend = createOrtNodeBackend();
  const floats = (await loadModelsFromDir(modelsDir, backend)).filter((m) => !calibrate || PLATT_MODELS.includes(m.manifest.id));
  const models = [...floats.map((model) => ({ model, path: join(modelsDir, `${model.manifest.id}.json`) }))];
  if (calibrate) for (const m of floats) models.push(...(await variantOf(modelsDir, m.manifest.id, backend)));
  for (const { model, path } of models) {
    const updated = await withPoints(model, calibrate);
    if (!updated) continue;
    const name = model.manifest.file;
    for (const head of calibrate ? updated.manifest.heads : [])
      console.log(`${name} ${head.output} calibration ${JSON.stringify({ ...head.calibration, note: undefined })}`);
    for (const [label, points] of updated.points) {
      for (const [point, p] of Object.entries(points)) {
        console.log(`${name} ${label} ${point.padEnd(6)} ≥ ${p.value.toFixed(4)}  val ${figure(p.val)}  test ${figure(p.test)}`);
      }
    }
    for (const r of calibrate ? Object.values(updated.manifest.metrics ?? {}).flatMap((rows) => rows ?? []) : []) {
      if (r.metric === 'ece') console.log(`${name} ${r.task} ece ${r.dataset} ${r.split} ${r.value.toFixed(4)} (n=${r.n})`);
    }
    if (write) {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as ModelManifest;
      writeFileSync(path, manifestText({ ...raw, heads: updated.manifest.heads, metrics: updated.manifest.metrics }));
      console.error(`wrote ${path}`);
    }
  }
  for (const { model } of models) await model.session.release();
}

main().catch((e: unknown) => {
  console.error(`models:points failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
