/// <reference lib="webworker" />
/**
 * The Web Worker hosting the AI core: chooses the execution provider, downloads, verifies (sha256)
 * and compiles each model once, then analyses one instance per request, fetched from the PACS here
 * so pixels never cross the main thread.
 */
import { analyzeImage, type AnalysisResult } from '../analyze';
import { validateManifest } from '../manifest';
import { fetchGrayFrame, pixelSpacingOf } from '../pixels';
import { loadModel, type LoadedModel, verifyModelBytes } from '../runtime/load-model';
import { createOrtWebBackend } from '../runtime/ort-web';
import { downloadWithProgress } from './download';
import type { ModelSource, WorkerEvent, WorkerRequest } from './protocol';
import { chooseProvider, probeEnvironment } from './provider';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Grad-CAM grids are 7×7: 128 samples a side draw smoothly and keep results small (they are cached). */
const HEATMAP_MAX_SIDE = 128;

let models: Promise<LoadedModel[]> | null = null;
/** ORT sessions run one request at a time; later requests wait their turn. */
let queue: Promise<unknown> = Promise.resolve();

async function loadOne(source: ModelSource, backend: ReturnType<typeof createOrtWebBackend>): Promise<LoadedModel | null> {
  try {
    const response = await fetch(source.manifestUrl);
    if (!response.ok) throw new Error(`manifest ${source.manifestUrl} → HTTP ${response.status}`);
    const manifest = validateManifest(await response.json(), source.manifestUrl);
    const bytes = await downloadWithProgress(source.modelUrl, manifest.bytes, (loaded, total) =>
      post({ type: 'progress', model: source.id, phase: 'download', loaded, total }),
    );
    post({ type: 'progress', model: source.id, phase: 'verify', loaded: 0, total: bytes.byteLength });
    await verifyModelBytes(manifest, bytes);
    post({ type: 'progress', model: source.id, phase: 'compile', loaded: 0, total: 1 });
    const start = performance.now();
    const model = await loadModel(backend, manifest, bytes);
    post({ type: 'model-ready', manifest, compileMs: performance.now() - start });
    return model;
  } catch (error) {
    // A refused model is left out; the others keep working.
    post({ type: 'model-refused', model: source.id, message: message(error) });
    return null;
  }
}

async function init(sources: ModelSource[]): Promise<LoadedModel[]> {
  const choice = chooseProvider(await probeEnvironment());
  post({ type: 'provider', choice });
  const backend = createOrtWebBackend({ threads: choice.threads, executionProviders: choice.provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'] });
  const loaded: LoadedModel[] = [];
  // One at a time: compiling in parallel only competes for the same cores.
  for (const source of sources) {
    const model = await loadOne(source, backend);
    if (model) loaded.push(model);
  }
  post({ type: 'ready', manifests: loaded.map((m) => m.manifest) });
  return loaded;
}

/** Typed-array buffers of the result, moved rather than copied to the page. */
function transferables(result: AnalysisResult): Transferable[] {
  return result.models.flatMap((m) => [
    ...Object.values(m.heatmaps ?? {}).map((h) => h.data.buffer),
    ...(m.segmentation ?? []).map((s) => s.mask.data.buffer),
  ]);
}

async function analyze(request: Extract<WorkerRequest, { type: 'analyze' }>): Promise<void> {
  const start = performance.now();
  try {
    if (!models) throw new Error('the AI worker was not initialised');
    const loaded = await models;
    if (loaded.length === 0) throw new Error('no model could be loaded');
    const image = await fetchGrayFrame({ dicomWebRoot: request.dicomWebRoot, instance: request.instance });
    const result = await analyzeImage(loaded, image, { pixelSpacingMm: pixelSpacingOf(request.instance), heatmapMaxSide: HEATMAP_MAX_SIDE });
    post({ type: 'result', requestId: request.requestId, result, totalMs: performance.now() - start }, transferables(result));
  } catch (error) {
    post({ type: 'failed', requestId: request.requestId, message: message(error) });
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'init') {
    models ??= init(request.models);
  } else {
    queue = queue.then(() => analyze(request));
  }
};
