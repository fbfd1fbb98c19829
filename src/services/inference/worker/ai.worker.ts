/// <reference lib="webworker" />
/**
 * The Web Worker hosting the AI core: chooses the execution provider, downloads, verifies (sha256)
 * and compiles each model once, then analyses one instance per request, fetched from the PACS here
 * so pixels never cross the main thread. Benchmarks and tests send decoded images instead
 * (`analyze-image`) and may pin the provider.
 */
import { analyzeImage, type AnalysisResult, type AnalyzeOptions } from '../../../domain/ai/analyze';
import type { GrayImage } from '../../../domain/ai/image';
import { validateManifest, type ModelManifest } from '../../../domain/ai/manifest';
import { variantRefusal, withVariantBuild } from '../../../domain/ai/quantization';
import { fetchGrayFrame } from '../pixels/fetch-frame';
import { PacsUnreachableError } from '../../../domain/dicom/errors';
import { pixelSpacingOf } from '../../../domain/ai/pixels/attributes';
import { loadModel, type LoadedModel, verifyModelBytes } from '../../../domain/ai/runtime/load-model';
import { createOrtWebBackend } from '../runtime/ort-web';
import { downloadWithProgress } from './download';
import { HEATMAP_MAX_SIDE, type ModelSource, type ProviderChoice, type ProviderOverride, type WorkerEvent, type WorkerRequest } from './protocol';
import { chooseProvider, probeEnvironment } from './provider';
import { errorMessage } from '../error-message';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);

let models: Promise<LoadedModel[]> | null = null;
/** ORT sessions run one request at a time; later requests wait their turn. */
let queue: Promise<unknown> = Promise.resolve();

async function fetchManifest(url: string): Promise<ModelManifest> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`manifest ${url} → HTTP ${response.status}`);
  return validateManifest(await response.json(), url);
}

/**
 * The quantized variant when its manifest passed the accuracy gate for this very float build, else the float
 * model. WASM only: the gate was measured on CPU kernels, and WebGPU's QDQ ops give other numbers (webgpu.spec.ts).
 */
async function chooseBuild(source: ModelSource, provider: ProviderChoice['provider']): Promise<{ manifest: ModelManifest; modelUrl: string }> {
  const manifest = await fetchManifest(source.manifestUrl);
  if (!source.variant || provider !== 'wasm') return { manifest, modelUrl: source.modelUrl };
  try {
    const variant = await fetchManifest(source.variant.manifestUrl);
    const refusal = variantRefusal(manifest, variant);
    if (refusal === null) return { manifest: withVariantBuild(manifest, variant), modelUrl: source.variant.modelUrl };
    console.info(`AI worker: ${source.id} runs the float model: ${refusal}`);
  } catch (error) {
    console.info(`AI worker: ${source.id} runs the float model: ${errorMessage(error)}`);
  }
  return { manifest, modelUrl: source.modelUrl };
}

async function loadOne(
  source: ModelSource,
  backend: ReturnType<typeof createOrtWebBackend>,
  provider: ProviderChoice['provider'],
): Promise<LoadedModel | null> {
  try {
    const { manifest, modelUrl } = await chooseBuild(source, provider);
    const bytes = await downloadWithProgress(modelUrl, manifest.bytes, (loaded, total) =>
      post({ type: 'progress', model: source.id, phase: 'download', loaded, total }),
    );
    post({ type: 'progress', model: source.id, phase: 'verify', loaded: 0, total: bytes.byteLength });
    await verifyModelBytes(manifest, bytes);
    post({ type: 'progress', model: source.id, phase: 'compile', loaded: 0, total: 1 });
    const start = performance.now();
    const model = await loadModel(backend, manifest, bytes);
    post({ type: 'model-ready', manifest, compileMs: performance.now() - start, executionProvider: model.session.executionProvider });
    return model;
  } catch (error) {
    // A refused model is left out; the others keep working.
    post({ type: 'model-refused', model: source.id, message: errorMessage(error) });
    return null;
  }
}

function forced(override: ProviderOverride): ProviderChoice {
  const threads = override.threads ?? 1;
  return { ...override, threads, reason: `${override.provider} forced by the caller, ${threads} thread(s)` };
}

async function init(sources: ModelSource[], override?: ProviderOverride): Promise<LoadedModel[]> {
  const choice = override ? forced(override) : chooseProvider(await probeEnvironment());
  post({ type: 'provider', choice });
  const backend = createOrtWebBackend({ threads: choice.threads, executionProviders: choice.provider === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'] });
  const loaded: LoadedModel[] = [];
  // One at a time: compiling in parallel only competes for the same cores.
  for (const source of sources) {
    const model = await loadOne(source, backend, choice.provider);
    if (model) loaded.push(model);
  }
  post({ type: 'ready', manifests: loaded.map((m) => m.manifest) });
  return loaded;
}

/** Typed-array buffers of the result, moved rather than copied to the page. */
function transferables(result: AnalysisResult): Transferable[] {
  return result.models.flatMap((m) => [...Object.values(m.heatmaps ?? {}).map((h) => h.data.buffer), ...(m.segmentation ?? []).map((s) => s.mask.data.buffer)]);
}

type AnalyzeRequest = Extract<WorkerRequest, { type: 'analyze' | 'analyze-image' }>;

interface PreparedInput {
  image: GrayImage;
  options: AnalyzeOptions;
  /** Frame fetch and decode, ms (0 when the page sent pixels). */
  fetchMs: number;
}

/** Fetch and decode start when the request arrives, so they overlap the models running on the previous study. */
async function prepare(request: AnalyzeRequest): Promise<PreparedInput> {
  const options: AnalyzeOptions = { heatmapMaxSide: HEATMAP_MAX_SIDE };
  if (request.type === 'analyze-image') return { image: request.image, options: { ...options, explain: request.explain }, fetchMs: 0 };
  const start = performance.now();
  const image = await fetchGrayFrame({ dicomWebRoot: request.dicomWebRoot, instance: request.instance });
  return { image, options: { ...options, pixelSpacingMm: pixelSpacingOf(request.instance) }, fetchMs: performance.now() - start };
}

async function analyze(request: AnalyzeRequest, prepared: Promise<PreparedInput>): Promise<void> {
  try {
    if (!models) throw new Error('the AI worker was not initialised');
    const loaded = await models;
    if (loaded.length === 0) throw new Error('no model could be loaded');
    const { image, options, fetchMs } = await prepared;
    const analyzeStart = performance.now();
    const result = await analyzeImage(loaded, image, options);
    const analyzeMs = performance.now() - analyzeStart;
    // Work done for this study, without the time it waited for the previous one.
    post({ type: 'result', requestId: request.requestId, result, totalMs: fetchMs + analyzeMs, analyzeMs }, transferables(result));
  } catch (error) {
    post({ type: 'failed', requestId: request.requestId, message: errorMessage(error), unreachable: error instanceof PacsUnreachableError });
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'init') {
    models ??= init(request.models, request.provider);
  } else {
    const prepared = prepare(request);
    prepared.catch(() => undefined); // reported by analyze() in queue order, not as an unhandled rejection
    queue = queue.then(() => analyze(request, prepared));
  }
};
