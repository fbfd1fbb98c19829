/**
 * Quantized variants for the browser (issue #16 item 4): `npm run models:quantize [-- --models models --calibration 128]`.
 * Per float model of --models: calibrates activation ranges on train-split images (the app's preprocessing,
 * onnxruntime-node), writes `<id>.int8.onnx` (models/training/quantize.py, static QDQ) and `<id>.int8.json`
 * with its own sha256 and the test-split change of the gated metrics against the float model, both
 * evaluated by the models:eval code. The browser uses a variant only when `quantization.passed` is true.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelManifest } from '../src/domain/ai/manifest';
import { accuracyChanges, passesGate, variantFileOf, VARIANT_SUFFIX, type QuantizationSpec } from '../src/domain/ai/quantization';
import { loadModel, type LoadedModel } from '../src/domain/ai/runtime/load-model';
import { sha256Hex } from '../src/domain/ai/runtime/sha256';
import { createOrtNodeBackend } from '../src/services/inference/runtime/ort-node';
import { dataRoot, loadDataSet, type DataSet } from './models-eval/dataset';
import { loadModelsFromDir } from './models-eval/models';
import { evaluateDataSets } from './models-eval/run';
import { calibrate } from './models-quantize/calibrate';

const PYTHON = '/usr/bin/python3';
const QUANTIZE_PY = resolve('models/training/quantize.py');
const METHOD = 'static QDQ (models/training/quantize.py): uint8 activations per tensor (train-split min/max), int8 weights per output channel, int32 biases';
const log = (line: string) => console.error(`models:quantize: ${line}`);

/** The data sets the float model's stored test metrics name (a pooled row "a+b" names two). */
function setsOf(manifest: ModelManifest): DataSet[] {
  const names = new Set((manifest.metrics?.test ?? []).flatMap((r) => r.dataset.split('+')));
  if (names.size === 0) throw new Error(`${manifest.id}: the manifest has no test metrics naming its data sets`);
  return [...names].sort().map((name) => loadDataSet(join(dataRoot(), name)));
}

async function quantizeOne(model: LoadedModel, dir: string, calibrationImages: number): Promise<QuantizationSpec> {
  const m = model.manifest;
  const backend = createOrtNodeBackend();
  const sets = setsOf(m);
  const work = mkdtempSync(join(tmpdir(), `dokuei-quantize-${m.id}-`));
  try {
    const calibrationGraph = join(work, 'calibration.onnx');
    const tensorsFile = join(work, 'tensors.json');
    execFileSync(PYTHON, [QUANTIZE_PY, 'calibration', '--model', join(dir, m.file), '--out', calibrationGraph, '--tensors', tensorsFile], { stdio: 'inherit' });
    const tensors = JSON.parse(readFileSync(tensorsFile, 'utf8')) as string[];
    const cal = await calibrate(model, new Uint8Array(readFileSync(calibrationGraph)), tensors, sets, backend, calibrationImages);
    log(`${m.id}: ${tensors.length} tensors calibrated on ${cal.images} train images of ${cal.datasets.join(', ')}`);
    const rangesFile = join(work, 'ranges.json');
    writeFileSync(rangesFile, JSON.stringify(cal.ranges));
    const file = variantFileOf(m.file);
    execFileSync(PYTHON, [QUANTIZE_PY, 'qdq', '--model', join(dir, m.file), '--ranges', rangesFile, '--out', join(dir, file)], { stdio: 'inherit' });

    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const base = { ...m, file, sha256: await sha256Hex(bytes), bytes: bytes.byteLength };
    const variant = await loadModel(backend, base, bytes);
    log(`${m.id}: evaluating float and int8 on the test split of ${sets.map((s) => s.name).join(', ')}`);
    const floatRows = (await evaluateDataSets([model], sets, 'test')).rows;
    const quantizedRows = (await evaluateDataSets([variant], sets, 'test')).rows;
    await variant.session.release();
    const accuracy = accuracyChanges(floatRows, quantizedRows);
    const quantization: QuantizationSpec = {
      method: METHOD,
      source: { file: m.file, sha256: m.sha256 },
      calibration: { split: 'train', images: cal.images, datasets: cal.datasets },
      accuracy,
      passed: passesGate(accuracy),
    };
    const manifest: ModelManifest = { ...base, metrics: { test: quantizedRows }, quantization };
    writeFileSync(join(dir, `${m.id}${VARIANT_SUFFIX}.json`), JSON.stringify(manifest, null, 2) + '\n');
    return quantization;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { models: { type: 'string', default: 'models' }, calibration: { type: 'string', default: '128' } }, strict: true });
  const dir = resolve(values.models);
  const count = Number(values.calibration);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--calibration must be a positive whole number, got "${values.calibration}"`);
  for (const model of await loadModelsFromDir(dir, createOrtNodeBackend())) {
    const q = await quantizeOne(model, dir, count);
    console.log(`\n${model.manifest.id}: ${q.passed ? 'PASSED, the browser will use it' : 'FAILED the gate, not shipped to the browser'}`);
    for (const c of q.accuracy) {
      const verdict = c.loss <= c.limit ? 'ok' : 'over';
      console.log(`  ${c.key.padEnd(64)} float ${c.float.toFixed(4)}  int8 ${c.quantized.toFixed(4)}  loss ${c.loss.toFixed(4)} (≤ ${c.limit}) ${verdict}`);
    }
    await model.session.release();
  }
}

main().catch((e: unknown) => {
  console.error(`models:quantize failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
