/**
 * Named operating points: for every thresholded label, `screen` (sensitivity ≥ 0.9) and `flag`
 * (specificity ≥ 0.9) chosen on the val split of the data sets the model was selected on, then reported
 * on their test split (never used to choose). `--write` stores them in the manifests: `flag` becomes the
 * decision threshold and the metric rows that depend on it (accuracy, sensitivity, specificity) are
 * re-computed at it. The ONNX files and their sha256 are untouched.
 *
 * Usage: npm run models:points [-- --write] [--models models]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelManifest, OperatingPointStats } from '../src/domain/ai/manifest';
import { createOrtNodeBackend } from '../src/services/inference/runtime/ort-node';
import type { LoadedModel } from '../src/domain/ai/runtime/load-model';
import { loadDataSet, resolveSetDir } from './models-eval/dataset';
import type { BinaryScores } from './models-eval/evaluator';
import { loadModelsFromDir } from './models-eval/models';
import { evaluateDataSets } from './models-eval/run';
import { choosePoints, pooled, replaceThresholdRows, SELECTION_SETS, thresholdEntry, type LabelPoints } from './models-points/choose';

const SPLITS = ['val', 'test'] as const;

function dataSet(name: string) {
  const dir = resolveSetDir(name);
  if (!dir) throw new Error(`data set ${name} not found (set DOKUEI_DATA or place it under ../shared/data)`);
  return loadDataSet(dir);
}

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
      const report = await evaluateDataSets([model], [dataSet(name)], split);
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
async function withPoints(model: LoadedModel): Promise<{ manifest: ModelManifest; points: Map<string, LabelPoints> } | null> {
  const selection = SELECTION_SETS[model.manifest.id];
  if (!selection) return null;
  const scores = await scoresOf(model, dataSetsOf(model.manifest, selection));
  const manifest = structuredClone(model.manifest);
  const points = new Map<string, LabelPoints>();
  for (const head of manifest.heads) {
    for (const label of Object.keys(head.thresholds ?? {})) {
      const chosen = choosePoints(pooled(scores.val, label, selection), pooled(scores.test, label, selection), selection);
      head.thresholds![label] = thresholdEntry(chosen);
      points.set(label, chosen);
    }
  }
  const threshold = (label: string) => points.get(label)!.flag.value;
  for (const split of SPLITS) {
    if (manifest.metrics?.[split]) manifest.metrics[split] = replaceThresholdRows(manifest, scores[split], split, threshold);
  }
  return { manifest, points };
}

/** As models/training/export.py writes manifests (json.dump, indent 2, ASCII escapes), so diffs stay small. */
function manifestText(manifest: ModelManifest): string {
  return JSON.stringify(manifest, null, 2).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const write = argv.includes('--write');
  const at = argv.indexOf('--models');
  const modelsDir = resolve(at >= 0 ? argv[at + 1] : 'models');
  const models = await loadModelsFromDir(modelsDir, createOrtNodeBackend());
  for (const model of models) {
    const updated = await withPoints(model);
    if (!updated) continue;
    for (const [label, points] of updated.points) {
      for (const [name, p] of Object.entries(points)) {
        console.log(`${model.manifest.id} ${label} ${name.padEnd(6)} ≥ ${p.value.toFixed(4)}  val ${figure(p.val)}  test ${figure(p.test)}`);
      }
    }
    if (write) {
      const path = join(modelsDir, `${model.manifest.id}.json`);
      const raw = JSON.parse(readFileSync(path, 'utf8')) as ModelManifest;
      writeFileSync(path, manifestText({ ...raw, heads: updated.manifest.heads, metrics: updated.manifest.metrics }));
      console.error(`wrote ${path}`);
    }
  }
  for (const m of models) await m.session.release();
}

main().catch((e: unknown) => {
  console.error(`models:points failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
