/**
 * The app's AI worker on the WebGPU execution provider gives the WASM provider's outputs.
 * Here WebGPU is SwiftShader (a CPU fallback adapter): the app itself would choose WASM on it, so the
 * test pins the provider. It needs `--enable-unsafe-webgpu` and no `--disable-gpu`, hence its own browser.
 */
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { builtAiAssets, openAiHarness, type HarnessReply } from '../tools/bench/ai/harness';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/lib/chromium';
import { decodeImageFile } from '../tools/models-eval/decode';
import { resolveDataDir } from '../tools/seed/seed';
import type { ModelAnalysis } from '../src/domain/ai/analyze';
import { expect, test } from './support/fixtures';
import { readE2eState } from './support/state';

const WEBGPU_ARGS = [...CHROMIUM_ARGS.filter((arg) => arg !== '--disable-gpu'), '--enable-unsafe-webgpu'];
/** A real frontal chest film of the data set (the one the runtime parity unit test uses). */
const CHEST_PNG = 'cxr_nih14_256/images/00000001_000.png';
/**
 * float32 kernels on another device sum in another order. Measured here: probabilities within 1e-7,
 * the OOD score within 2e-6 relative, heat maps (0..1) within 5e-7; the bounds leave a wide margin.
 */
const PROBABILITY_TOLERANCE = 1e-4;
const OOD_RELATIVE_TOLERANCE = 1e-4;
const HEATMAP_TOLERANCE = 1e-3;

let browser: Browser;
test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: WEBGPU_ARGS });
});
test.afterAll(async () => browser?.close());

function triageOf(reply: HarnessReply): ModelAnalysis {
  const triage = reply.result.models.find((m) => m.id === 'cxr-triage');
  if (!triage) throw new Error(`cxr-triage missing from the result (skipped: ${JSON.stringify(reply.result.skipped)})`);
  return triage;
}

const probabilities = (m: ModelAnalysis) => m.heads.flatMap((h) => (h.kind === 'multilabel' ? h.findings.map((f) => [f.label, f.probability] as const) : []));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(b.length).toBe(a.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

test('cxr-triage on the WebGPU provider matches WASM on a real chest film', async () => {
  test.setTimeout(600_000); // SwiftShader compiles every WebGPU shader on the CPU on the first run
  const { baseURL, root } = readE2eState();
  const context = await browser.newContext();
  const gpuPage = await openAiHarness(context, baseURL);
  const adapter = await gpuPage.page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ info?: { architecture?: string } } | null> } }).gpu;
    if (!gpu) return 'no navigator.gpu';
    const found = await gpu.requestAdapter();
    return found ? `adapter ${found.info?.architecture ?? ''}` : 'navigator.gpu but no adapter';
  });
  test.skip(!adapter.startsWith('adapter'), `WebGPU absent in this Chromium with --enable-unsafe-webgpu (${adapter})`);
  expect(gpuPage.crossOriginIsolated).toBe(true);

  // The float model on both providers: the app runs its int8 variant on WASM only (ai.worker.ts chooseBuild).
  const ai = builtAiAssets(join(root, 'dist'), ['cxr-triage'], false);
  const image = decodeImageFile(join(resolveDataDir(), CHEST_PNG));
  const gpuReady = await gpuPage.start(ai, { provider: 'webgpu' });
  expect(gpuReady.refused).toEqual([]);
  expect(gpuReady.executionProviders['cxr-triage'], 'the session really runs on WebGPU').toBe('webgpu');
  const onGpu = triageOf(await gpuPage.analyzeImage(image, { full: true }));
  await gpuPage.close();

  const wasmPage = await openAiHarness(context, baseURL);
  const wasmReady = await wasmPage.start(ai, { provider: 'wasm', threads: 1 });
  expect(wasmReady.executionProviders['cxr-triage']).toBe('wasm');
  const onWasm = triageOf(await wasmPage.analyzeImage(image, { full: true }));
  await context.close();

  const wasmProbabilities = new Map(probabilities(onWasm));
  expect(wasmProbabilities.size).toBeGreaterThan(0);
  const probabilityDiffs = probabilities(onGpu).map(([label, p]) => [label, Math.abs(p - wasmProbabilities.get(label)!)] as const);
  expect(onGpu.ood && onWasm.ood).toBeTruthy();
  const oodDiff = Math.abs(onGpu.ood!.score - onWasm.ood!.score);
  const labels = Object.keys(onWasm.heatmaps ?? {});
  expect(labels.length).toBeGreaterThan(0);
  const heatmapDiffs = labels.map((label) => [label, maxAbsDiff(onWasm.heatmaps![label].data, onGpu.heatmaps![label].data)] as const);
  console.log(
    `[webgpu] ${gpuReady.choice.reason}; |WebGPU − WASM|: probabilities ${JSON.stringify(probabilityDiffs)}, OOD ${oodDiff} of ${onWasm.ood!.score}, heat maps ${JSON.stringify(heatmapDiffs)}`,
  );

  expect(probabilityDiffs).toHaveLength(wasmProbabilities.size);
  for (const [label, diff] of probabilityDiffs) expect(diff, `probability of ${label}`).toBeLessThanOrEqual(PROBABILITY_TOLERANCE);
  expect(oodDiff).toBeLessThanOrEqual(OOD_RELATIVE_TOLERANCE * Math.abs(onWasm.ood!.score));
  for (const [label, diff] of heatmapDiffs) expect(diff, `heat map ${label}`).toBeLessThanOrEqual(HEATMAP_TOLERANCE);
});
