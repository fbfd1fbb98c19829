/**
 * Drives the app's own built AI worker (the code path of in-browser triage) from a blank page of the
 * app's origin, so benchmarks and tests feed it the same decoded pixels as onnxruntime-node.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { AnalysisResult } from '../../../src/domain/ai/analyze';
import { VARIANT_SUFFIX } from '../../../src/domain/ai/quantization';
import type { GrayImage } from '../../../src/domain/ai/image';
import type { ModelSource, ProviderChoice, ProviderOverride } from '../../../src/services/inference/worker/protocol';

const HARNESS_PAGE = fileURLToPath(new URL('./harness-page.js', import.meta.url));
/** A path the app does not use; the page is answered by the test itself, with the app's isolation headers (vite.config.ts). */
const BLANK_PATH = '/__ai-harness';
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The AI worker and the model files of a `vite build` output (hashed names under assets/), as URLs of the app. */
export interface BuiltAi {
  workerUrl: string;
  sources: ModelSource[];
}

/** `variants: false`: the float models only (the int8 variants' effect, measured in the same run). */
export function builtAiAssets(distDir: string, modelIds: readonly string[], variants = true): BuiltAi {
  const assets = readdirSync(join(distDir, 'assets'));
  const one = (pattern: RegExp) => {
    const hits = assets.filter((name) => pattern.test(name));
    if (hits.length !== 1) throw new Error(`${distDir}/assets: expected one file matching ${pattern}, found ${hits.length}`);
    return `/assets/${hits[0]}`;
  };
  return {
    workerUrl: one(/^ai\.worker-[\w-]+\.js$/),
    sources: modelIds.map((id) => {
      const variant = `${id}${VARIANT_SUFFIX}`.replace('.', '\\.');
      return {
        id,
        manifestUrl: one(new RegExp(`^${id}-[\\w-]{8}\\.json$`)),
        modelUrl: one(new RegExp(`^${id}-[\\w-]{8}\\.onnx$`)),
        // As the app's catalog: the worker runs the int8 build when its manifest passed the accuracy gate.
        ...(variants
          ? { variant: { manifestUrl: one(new RegExp(`^${variant}-[\\w-]{8}\\.json$`)), modelUrl: one(new RegExp(`^${variant}-[\\w-]{8}\\.onnx$`)) } }
          : {}),
      };
    }),
  };
}

export interface WorkerReady {
  choice: ProviderChoice;
  /** The ONNX file each model runs from (an int8 variant when it passed the gate). */
  files: string[];
  compileMs: Record<string, number>;
  /** Per model, the provider its session really runs on. */
  executionProviders: Record<string, string>;
  refused: string[];
}

/** A worker reply as JSON: the typed arrays of the result arrive as plain arrays. */
export interface HarnessReply {
  result: AnalysisResult;
  totalMs: number;
  analyzeMs: number;
}

export interface AiHarness {
  page: Page;
  crossOriginIsolated: boolean;
  /** Starts the worker (the app's provider choice unless `provider` pins one) and waits until the models are compiled. */
  start(ai: BuiltAi, provider?: ProviderOverride): Promise<WorkerReady>;
  /** Sends images into the page ahead of the analyses that use them (analyzeImage sends any not sent yet). */
  upload(images: readonly GrayImage[]): Promise<void>;
  /** `full`: keep heat maps and masks (large); otherwise only decisions and timings come back. */
  analyzeImage(image: GrayImage, options?: { explain?: boolean; full?: boolean }): Promise<HarnessReply>;
  close(): Promise<void>;
}

const encodeImage = (image: GrayImage) => ({
  width: image.width,
  height: image.height,
  invert: image.invert,
  base64: Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64'),
});

type HarnessWindow = {
  __aiHarness: {
    start(url: string, models: ModelSource[], provider?: ProviderOverride): Promise<WorkerReady>;
    upload(key: number, image: ReturnType<typeof encodeImage>): void;
    analyzeImage(key: number, explain: boolean, full: boolean): Promise<HarnessReply>;
    stop(): void;
  };
};

/** Opens a cross-origin-isolated blank page on `origin` (the served app) with the harness loaded. */
export async function openAiHarness(context: BrowserContext, origin: string): Promise<AiHarness> {
  const page = await context.newPage();
  await page.addInitScript({ path: HARNESS_PAGE });
  await page.route(`${origin}${BLANK_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', headers: ISOLATION_HEADERS, body: '<!doctype html><title>Dokuei AI harness</title>' }),
  );
  await page.goto(`${origin}${BLANK_PATH}`);
  const crossOriginIsolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
  // Each image crosses into the page once (see harness-page.js `upload`).
  const uploaded = new Map<GrayImage, number>();
  const upload = async (images: readonly GrayImage[]) => {
    for (const image of images.filter((i) => !uploaded.has(i))) {
      const key = uploaded.size;
      uploaded.set(image, key);
      await page.evaluate(([k, encoded]) => (window as unknown as HarnessWindow).__aiHarness.upload(k, encoded), [key, encodeImage(image)] as const);
    }
  };
  return {
    page,
    crossOriginIsolated,
    start: (ai, provider) =>
      page.evaluate(([url, models, pinned]) => (window as unknown as HarnessWindow).__aiHarness.start(url, models, pinned ?? undefined), [
        ai.workerUrl,
        ai.sources,
        provider ?? null,
      ] as const),
    upload,
    analyzeImage: async (image, options = {}) => {
      await upload([image]);
      return page.evaluate(([k, explain, full]) => (window as unknown as HarnessWindow).__aiHarness.analyzeImage(k, explain, full), [
        uploaded.get(image)!,
        options.explain ?? true,
        options.full ?? false,
      ] as const);
    },
    close: async () => {
      await page.evaluate(() => (window as unknown as HarnessWindow).__aiHarness.stop());
      await page.close();
    },
  };
}
