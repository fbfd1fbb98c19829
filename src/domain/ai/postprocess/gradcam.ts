import type { LetterboxGeometry } from '../preprocess';
import { modelMapToSource, type ModelMap } from './resample';

/** A heat map aligned with the source image: `width × height` cells spread evenly over it, values 0..1. */
export interface SourceHeatmap {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * Grad-CAM of one class from the `cam` output `[1, C, h, w]` (pre-ReLU, see the manifest's explain note):
 * ReLU, then divide by the maximum so the strongest evidence is 1. An all-negative map stays all 0.
 */
export function normalizedCam(cam: Float32Array, dims: readonly number[], classIndex: number): ModelMap {
  const [, channels, height, width] = dims;
  if (dims.length !== 4 || classIndex < 0 || classIndex >= channels) {
    throw new Error(`cam dims ${JSON.stringify(dims)} have no class ${classIndex}`);
  }
  const plane = height * width;
  const out = new Float32Array(plane);
  let max = 0;
  for (let i = 0; i < plane; i++) {
    const v = Math.max(0, cam[classIndex * plane + i]);
    out[i] = v;
    if (v > max) max = v;
  }
  if (max > 0) for (let i = 0; i < plane; i++) out[i] /= max;
  return { width, height, data: out };
}

/** The coarse CAM grid (over the model canvas) resampled over the source image, longest side `maxSide`. */
export function camToSource(cam: ModelMap, g: LetterboxGeometry, maxSide = 256): SourceHeatmap {
  const scale = Math.min(1, maxSide / Math.max(g.sourceWidth, g.sourceHeight));
  const width = Math.max(1, Math.round(g.sourceWidth * scale));
  const height = Math.max(1, Math.round(g.sourceHeight * scale));
  return { width, height, data: modelMapToSource(cam, g, width, height, false) };
}
