import { assertSameSize, type GrayPlane, type PlaneMask } from './plane';
import { register, type Registration, type RegistrationOptions } from './register';
import { warp, type WarpedPlane } from './warp';

export interface Difference {
  /** current − (gain · prior + offset); 0 outside the compared region. */
  image: GrayPlane;
  /** Symmetric display range ±P99(|difference|) over the compared region (±1 when it is all zero). */
  range: { min: number; max: number };
  /** Least-squares linear match of the prior's intensities to the current's (exposure and processing differ). */
  gain: number;
  offset: number;
}

const DISPLAY_PERCENTILE = 0.99;

/**
 * Temporal subtraction: the current image minus the aligned prior after matching its intensities, measured on
 * the pixels the prior covers (`covered`, from warp) and inside `mask` when given.
 */
export function subtract(current: GrayPlane, alignedPrior: GrayPlane & { covered?: Uint8Array }, mask?: PlaneMask): Difference {
  assertSameSize(current, alignedPrior, 'subtraction');
  if (mask) assertSameSize(current, mask, 'subtraction mask');
  const inRegion = (i: number): boolean => (alignedPrior.covered?.[i] ?? 1) === 1 && (!mask || mask.data[i] === 1);
  const cur = current.data;
  const pri = alignedPrior.data;
  let n = 0,
    sp = 0,
    sc = 0,
    spp = 0,
    spc = 0;
  for (let i = 0; i < cur.length; i++) {
    if (!inRegion(i)) continue;
    n++;
    sp += pri[i];
    sc += cur[i];
    spp += pri[i] * pri[i];
    spc += pri[i] * cur[i];
  }
  const variance = n * spp - sp * sp;
  const gain = variance > 0 ? (n * spc - sp * sc) / variance : 1;
  const offset = n > 0 ? (sc - gain * sp) / n : 0;

  const data = new Float32Array(cur.length);
  const magnitudes = new Float32Array(n);
  let k = 0;
  for (let i = 0; i < cur.length; i++) {
    if (!inRegion(i)) continue;
    data[i] = cur[i] - (gain * pri[i] + offset);
    magnitudes[k++] = Math.abs(data[i]);
  }
  magnitudes.sort();
  const limit = n > 0 ? magnitudes[Math.min(n - 1, Math.floor(DISPLAY_PERCENTILE * n))] : 0;
  const half = limit > 0 ? limit : 1;
  return { image: { width: current.width, height: current.height, data }, range: { min: -half, max: half }, gain, offset };
}

/** The aligned prior is kept either way: side by side it still helps when the subtraction is refused. */
export type SubtractionOutcome =
  | { kind: 'subtracted'; registration: Registration; aligned: WarpedPlane; difference: Difference }
  | { kind: 'refused'; registration: Registration; aligned: WarpedPlane };

/** Register, then subtract only when the alignment verdict is good: a misaligned subtraction invents findings. */
export function registerAndSubtract(current: GrayPlane, prior: GrayPlane, options: RegistrationOptions = {}): SubtractionOutcome {
  const registration = register(current, prior, options);
  const aligned = warp(prior, registration.transform, current);
  if (registration.quality.verdict !== 'good') return { kind: 'refused', registration, aligned };
  return { kind: 'subtracted', registration, aligned, difference: subtract(current, aligned, options.mask) };
}
