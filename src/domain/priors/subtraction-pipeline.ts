/** Two decoded films → aligned prior and temporal subtraction at a working size (pure: worker and Node). */
import type { GrayImage } from '../ai/image';
import { boxDownsample } from '../ai/preprocess/box-downsample';
import type { GrayPlane } from './registration/plane';
import { registerAndSubtract, type SubtractionOutcome } from './registration/subtract';

/** Longer side of the working planes: registration takes ~1.5 s at 512 px on one core here, 4× less at 256. */
export const WORKING_SIDE = 512;

export interface WorkingPlane {
  plane: GrayPlane;
  /** Source pixels per working pixel (integer box factor). */
  factor: number;
}

/**
 * Box-averaged down to at most `maxSide`, with MONOCHROME1 negated so higher always means denser: registration
 * (NCC) and the subtraction's linear intensity match ignore the offset, but not the sign.
 */
export function workingPlane(image: GrayImage, maxSide = WORKING_SIDE): WorkingPlane {
  const factor = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
  const raster = boxDownsample(image.data, image.width, image.height, factor);
  const sign = image.invert ? -1 : 1;
  const data = Float32Array.from(raster.data, (v) => sign * v);
  return { plane: { width: raster.width, height: raster.height, data }, factor };
}

export interface FilmComparison {
  current: WorkingPlane;
  outcome: SubtractionOutcome;
}

/** Whole-image rigid registration (the quality thresholds were measured that way, see quality.ts). */
export function compareFilms(current: GrayImage, prior: GrayImage, maxSide = WORKING_SIDE): FilmComparison {
  const currentPlane = workingPlane(current, maxSide);
  return { current: currentPlane, outcome: registerAndSubtract(currentPlane.plane, workingPlane(prior, maxSide).plane) };
}
