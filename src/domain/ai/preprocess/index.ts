import type { GrayImage } from '../image';
import type { PreprocessingSpec } from '../manifest';
import { boxDownsample, boxFactor } from './box-downsample';
import { resizeBilinear } from '../../image/bilinear';
import { letterboxGeometry, type LetterboxGeometry } from './letterbox';
import { percentileWindow, windowValue, type IntensityWindow } from './window';

export { letterboxGeometry, modelToSource, sourceToModel, isContentPixel } from './letterbox';
export type { LetterboxGeometry, Point } from './letterbox';
export { percentileOfSorted } from './window';
export type { IntensityWindow } from './window';

export const PREPROCESSING_ID = 'dokuei-xr-v1';

export interface PreprocessedImage {
  /** Float32 NCHW `[1, 1, S, S]`, flattened. */
  tensor: Float32Array;
  shape: [1, 1, number, number];
  geometry: LetterboxGeometry;
  /** The percentile window that was applied (in source value units). */
  window: IntensityWindow;
}

/** The `dokuei-xr-v1` contract (models/PREPROCESSING.md), steps 1–8. */
export function preprocessXr(image: GrayImage, spec: PreprocessingSpec): PreprocessedImage {
  if (spec.id !== PREPROCESSING_ID) throw new Error(`unsupported preprocessing "${spec.id}", expected ${PREPROCESSING_ID}`);
  if (image.width < 1 || image.height < 1) throw new Error(`empty image ${image.width}x${image.height}`);
  const { size } = spec;
  const k = boxFactor(image.width, image.height, size);
  const geometry = letterboxGeometry(image.width, image.height, size, k);
  const content = resizeBilinear(boxDownsample(image.data, image.width, image.height, k), geometry.nw, geometry.nh);
  const window = percentileWindow(content.data, spec.window.low, spec.window.high);
  const { mean, std } = spec.normalize;
  const tensor = new Float32Array(size * size).fill((0 - mean) / std);
  for (let y = 0; y < geometry.nh; y++) {
    const out = (y + geometry.oy) * size + geometry.ox;
    const row = y * geometry.nw;
    for (let x = 0; x < geometry.nw; x++) {
      const unit = windowValue(content.data[row + x], window);
      tensor[out + x] = ((image.invert ? 1 - unit : unit) - mean) / std;
    }
  }
  return { tensor, shape: [1, 1, size, size], geometry, window };
}
