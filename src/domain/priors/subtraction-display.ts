/** Pixels and words for showing an aligned prior or a subtraction (pure: no DOM). */
import type { GrayPlane } from './registration/plane';
import { GOOD_ALIGNMENT_DETAIL, MIN_SUBTRACTION_OVERLAP, type AlignmentVerdict } from './registration/quality';
import type { Registration } from './registration/register';

/** Where the aligned prior has no data: a dark blue no grey level can be mistaken for. */
export const NO_DATA_RGB = [20, 30, 70] as const;

/** Grey range from the 1st to the 99th percentile of the covered pixels (robust to burnt-in labels). */
export function displayRange(plane: GrayPlane, covered?: Uint8Array): { min: number; max: number } {
  const values = plane.data.filter((_, i) => !covered || covered[i] === 1).sort();
  if (values.length === 0) return { min: 0, max: 1 };
  const min = values[Math.floor(0.01 * (values.length - 1))];
  const max = values[Math.floor(0.99 * (values.length - 1))];
  return max > min ? { min, max } : { min, max: min + 1 };
}

/** RGBA bytes: `range` stretched to black–white, uncovered pixels in the no-data colour. */
export function toRgba(plane: GrayPlane, range: { min: number; max: number }, covered?: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(plane.data.length * 4);
  const scale = 255 / (range.max - range.min);
  for (let i = 0; i < plane.data.length; i++) {
    const o = 4 * i;
    if (covered && covered[i] !== 1) {
      [out[o], out[o + 1], out[o + 2]] = NO_DATA_RGB;
    } else {
      const grey = (plane.data[i] - range.min) * scale; // clamped by the array type
      out[o] = out[o + 1] = out[o + 2] = grey;
    }
    out[o + 3] = 255;
  }
  return out;
}

const REASON_TEXT: Record<Extract<AlignmentVerdict, { verdict: 'poor' }>['reason'], (r: Registration) => string> = {
  'flat-image': () => 'one of the images has no contrast to align',
  'low-overlap': (r) => `the aligned prior covers ${percent(r.overlap)} of the current image (needs ${percent(MIN_SUBTRACTION_OVERLAP)})`,
  'misaligned-detail': (r) =>
    `ribs and vessels do not superimpose (detail similarity ${r.detailSimilarity.toFixed(2)}, needs ${GOOD_ALIGNMENT_DETAIL.toFixed(2)}); posture or inspiration differ beyond a rigid move`,
};

const percent = (fraction: number) => `${Math.round(100 * fraction)} %`;

/** Why no subtraction is shown, or undefined when the alignment is good. */
export function refusalText(registration: Registration): string | undefined {
  const { quality } = registration;
  return quality.verdict === 'poor' ? `Alignment too poor for a subtraction: ${REASON_TEXT[quality.reason](registration)}.` : undefined;
}

/** The transform in source pixels of the current image (the working planes are `factor` times smaller). */
export function transformText(registration: Registration, factor: number): string {
  const { tx, ty, rotationDeg, scale } = registration.transform;
  const shift = `shift ${(tx * factor).toFixed(1)}, ${(ty * factor).toFixed(1)} px`;
  const scaleText = scale === 1 ? '' : `, scale ${scale.toFixed(3)}`;
  return `${shift}, rotation ${rotationDeg.toFixed(1)}°${scaleText}`;
}
