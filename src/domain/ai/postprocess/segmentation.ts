import type { PixelSpacingMm } from '../image';
import type { LetterboxGeometry } from '../preprocess';
import { sigmoid } from './activation';
import { modelMapToSourceMask } from './resample';

/** A binary mask at the source image's resolution (1 = inside). */
export interface SourceMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Mask of one channel of a segmentation output `[1, L, S, S]` (logits) at source resolution, and its pixel count:
 * sigmoid probabilities sampled bilinearly at each source pixel centre, then `probability > threshold`
 * (as models/training/evaluate.py measures Dice).
 */
export function segmentationToSource(
  logits: Float32Array,
  dims: readonly number[],
  channel: number,
  g: LetterboxGeometry,
  threshold: number,
): { mask: SourceMask; pixelCount: number } {
  const [, channels, height, width] = dims;
  if (dims.length !== 4 || height !== g.size || width !== g.size || channel >= channels) {
    throw new Error(`segmentation dims ${JSON.stringify(dims)} do not fit a ${g.size}² canvas with channel ${channel}`);
  }
  const plane = width * height;
  const probs = new Float32Array(plane);
  for (let i = 0; i < plane; i++) probs[i] = sigmoid(logits[channel * plane + i]);
  const { data, pixelCount } = modelMapToSourceMask({ width, height, data: probs }, g, threshold);
  return { mask: { width: g.sourceWidth, height: g.sourceHeight, data }, pixelCount };
}

/** A mask (or labelmap) resampled by nearest neighbour to another grid over the same image. */
/** For each of `to` positions, the nearest of `from` source positions (pixel centres aligned). */
export function nearestIndices(from: number, to: number): Int32Array {
  const indices = new Int32Array(to);
  for (let i = 0; i < to; i++) indices[i] = Math.min(from - 1, Math.floor(((i + 0.5) * from) / to));
  return indices;
}

export function resampleMaskNearest(mask: SourceMask, width: number, height: number): SourceMask {
  if (mask.width === width && mask.height === height) return mask;
  const data = new Uint8Array(width * height);
  const columns = nearestIndices(mask.width, width);
  const rows = nearestIndices(mask.height, height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    // Upsampled rows repeat: copied whole (a 256² mask to a 1024² film took 5 ms pixel by pixel).
    if (y > 0 && rows[y] === rows[y - 1]) data.copyWithin(row, row - width, row);
    else for (let x = 0, from = rows[y]! * mask.width; x < width; x++) data[row + x] = mask.data[from + columns[x]!]!;
  }
  return { width, height, data };
}

/** Area in cm² of `pixelCount` mask pixels (counted once, with the mask: a 1024² mask is a million bytes) from the pixel spacing of the image it is aligned with. */
export function maskAreaCm2(pixelCount: number, spacing: PixelSpacingMm): number {
  return (pixelCount * spacing[0] * spacing[1]) / 100;
}
