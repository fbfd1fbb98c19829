/**
 * Latency of the AI path on decoded images, measured the same way for every runtime: the per-model
 * `inferenceMs` (session.run) and the whole `analyzeImage` (preprocessing, every model, postprocessing).
 */
import { analyzeImage, type AnalysisResult } from '../../../src/domain/ai/analyze';
import type { GrayImage } from '../../../src/domain/ai/image';
import type { LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import { HEATMAP_MAX_SIDE } from '../../../src/services/inference/worker/protocol';
import { median } from '../stats';

/** One analysis of one image by some runtime: its result and the time `analyzeImage` took. */
export type Analyze = (image: GrayImage, explain: boolean) => Promise<{ result: AnalysisResult; analyzeMs: number }>;

export interface LatencyFigures {
  /** Median session.run time per model id. */
  models: Map<string, number>;
  /** Median analyzeImage time: one chest study, all models. */
  study: number;
}

export const WARM_UP = 3;

/** `runs` analyses (after warm-up ones) cycling over `images`; medians per model and per study. */
export async function measureLatency(analyze: Analyze, images: readonly GrayImage[], runs: number, explain = true): Promise<LatencyFigures> {
  const [figures] = await measureInterleaved([analyze], images, runs, explain);
  return figures;
}

/**
 * Each runtime analyses the same image in turn, the order rotating every round, so a machine load that
 * changes during the run falls on all of them alike (measured one after the other, minutes apart at a
 * load swinging 4 → 25, the ratios mostly compared two loads). Figures in the order of `analyzers`.
 */
export async function measureInterleaved(analyzers: readonly Analyze[], images: readonly GrayImage[], runs: number, explain = true): Promise<LatencyFigures[]> {
  const perModel = analyzers.map(() => new Map<string, number[]>());
  const study = analyzers.map((): number[] => []);
  for (let i = 0; i < WARM_UP + runs; i++) {
    for (let turn = 0; turn < analyzers.length; turn++) {
      const k = (i + turn) % analyzers.length;
      const { result, analyzeMs } = await analyzers[k](images[i % images.length], explain);
      if (i < WARM_UP) continue;
      study[k].push(analyzeMs);
      for (const m of result.models) perModel[k].set(m.id, [...(perModel[k].get(m.id) ?? []), m.inferenceMs]);
    }
  }
  return analyzers.map((_, k) => ({ models: new Map([...perModel[k]].map(([id, times]) => [id, median(times)!])), study: median(study[k])! }));
}

/** The worker's analysis, run in this process on `models` (e.g. onnxruntime-node sessions). */
export function analyzeInProcess(models: LoadedModel[]): Analyze {
  return async (image, explain) => {
    const start = performance.now();
    const result = await analyzeImage(models, image, { heatmapMaxSide: HEATMAP_MAX_SIDE, explain });
    return { result, analyzeMs: performance.now() - start };
  };
}

/**
 * Grad-CAM's cost: median analysis time with heat maps over the median without (no `cam` output
 * fetched, no heat maps). Interleaved, and which goes first alternates: with Grad-CAM always first,
 * the plain analysis came out slower (ratios 0.57–0.82), an order effect rather than a cost.
 */
export async function gradcamCost(analyze: Analyze, images: readonly GrayImage[], runs: number): Promise<{ withCam: number; plain: number }> {
  const withCam: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < WARM_UP + runs; i++) {
    const image = images[i % images.length];
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const explain of order) {
      const { analyzeMs } = await analyze(image, explain);
      if (i >= WARM_UP) (explain ? withCam : plain).push(analyzeMs);
    }
  }
  return { withCam: median(withCam)!, plain: median(plain)! };
}
