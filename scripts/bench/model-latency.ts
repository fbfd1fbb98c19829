/**
 * Per-model inference latency on the committed ONNX files: onnxruntime-node (the native reference) vs
 * onnxruntime-web's WASM backend, both in this Node process, 1 thread, same inputs, same run.
 * The browser's own WASM figures come from the in-browser AI (progress bar medians), not from here.
 * Usage: npx tsx scripts/bench/model-latency.ts [--runs 30]
 */
import { resolve } from 'node:path';
import type { FloatTensor, InferenceBackend } from '../../src/ai/runtime/backend';
import type { LoadedModel } from '../../src/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../src/ai/runtime/ort-node';
import { createOrtWebBackend } from '../../src/ai/runtime/ort-web';
import { loadModelsFromDir } from '../models-eval/models';
import { writeResults, type BenchResult } from './lib/results';
import { printTable } from './lib/table';
import { median, resultRow } from './stats';

const WARM_UP = 3;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;

/** A smooth, deterministic image-like input: latency does not depend on content, but zeros can be special-cased. */
function input(model: LoadedModel): Record<string, FloatTensor> {
  const dims = model.manifest.input.shape;
  const size = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = Math.sin(i / 97) * 1.5;
  return { [model.manifest.input.name]: { data, dims } };
}

async function medianLatency(model: LoadedModel): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const feeds = input(model); // fresh tensors per run: a proxied WASM session takes ownership of them
    const started = performance.now();
    await model.session.run(feeds);
    if (i >= WARM_UP) times.push(performance.now() - started);
  }
  return median(times)!;
}

async function measure(backend: InferenceBackend): Promise<Map<string, number>> {
  const models = await loadModelsFromDir(resolve('models'), backend);
  const result = new Map<string, number>();
  for (const model of models) result.set(model.manifest.id, await medianLatency(model));
  await Promise.all(models.map((m) => m.session.release()));
  return result;
}

const native = await measure(createOrtNodeBackend({ threads: 1 }));
const wasm = await measure(createOrtWebBackend({ threads: 1 }));
const total = (times: Map<string, number>) => [...times.values()].reduce((a, b) => a + b, 0);

const rows: BenchResult[] = [];
const table: (string | number)[][] = [];
for (const [id, nativeMs] of native) {
  const wasmMs = wasm.get(id)!;
  table.push([id, nativeMs, wasmMs, wasmMs / nativeMs]);
  rows.push(...resultRow(`model latency ${id}, onnxruntime-node 1 thread (ms)`, nativeMs, 'ms'));
  rows.push(...resultRow(`model latency ${id}, onnxruntime-web wasm in node (ms)`, wasmMs, 'ms', { name: 'onnxruntime-node', value: nativeMs }));
}
table.push(['all models, one study', total(native), total(wasm), total(wasm) / total(native)]);
rows.push(...resultRow('all models per study, onnxruntime-node (ms)', total(native), 'ms'));
rows.push(...resultRow('all models per study, onnxruntime-web wasm in node (ms)', total(wasm), 'ms', { name: 'onnxruntime-node', value: total(native) }));

console.log(`median of ${RUNS} runs after ${WARM_UP} warm-up runs, 1 thread, batch 1`);
printTable(['model', 'onnxruntime-node ms', 'wasm (in node) ms', 'wasm / native'], table, 2);
writeResults(rows);
