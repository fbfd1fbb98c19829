import { isInside, sampleBilinear } from '../../image/bilinear';
import { assertSameSize, type GrayPlane, type PlaneMask } from './plane';
import type { InverseMap } from './transform';

/** The pixels of the current image the similarity is measured on (all, or those inside the mask). */
export interface FixedSamples {
  xs: Int32Array;
  ys: Int32Array;
  values: Float32Array;
}

export function fixedSamples(fixed: GrayPlane, mask?: PlaneMask): FixedSamples {
  if (mask) assertSameSize(fixed, mask, 'registration mask');
  let count = 0;
  for (let i = 0; i < fixed.data.length; i++) if (!mask || mask.data[i]) count++;
  const xs = new Int32Array(count);
  const ys = new Int32Array(count);
  const values = new Float32Array(count);
  let k = 0;
  for (let y = 0; y < fixed.height; y++) {
    for (let x = 0; x < fixed.width; x++) {
      const i = y * fixed.width + x;
      if (mask && !mask.data[i]) continue;
      xs[k] = x;
      ys[k] = y;
      values[k++] = fixed.data[i];
    }
  }
  return { xs, ys, values };
}

export interface Similarity {
  /** Normalized cross-correlation in [−1, 1]; NaN when either side is flat over the overlap. */
  ncc: number;
  /** Fraction of the samples whose mapped point falls inside the prior. */
  overlap: number;
}

/**
 * NCC between the current image's samples and the prior sampled (bilinear) through `map`. NCC ignores
 * brightness and contrast differences between exposures, which is why it suits same-modality films.
 */
export function similarity(samples: FixedSamples, moving: GrayPlane, map: InverseMap): Similarity {
  const { xs, ys, values } = samples;
  const { a, b, c, d, e, f } = map;
  // Local bindings: dev/test transforms turn each imported call into a namespace lookup, costly per pixel.
  const inside = isInside;
  const sample = sampleBilinear;
  let n = 0,
    sf = 0,
    sm = 0,
    sff = 0,
    smm = 0,
    sfm = 0;
  for (let k = 0; k < values.length; k++) {
    const x = xs[k];
    const y = ys[k];
    const mx = a * x + b * y + e;
    const my = c * x + d * y + f;
    if (!inside(moving, mx, my)) continue;
    const m = sample(moving, mx, my);
    const v = values[k];
    n++;
    sf += v;
    sm += m;
    sff += v * v;
    smm += m * m;
    sfm += v * m;
  }
  const overlap = values.length ? n / values.length : 0;
  const varF = n * sff - sf * sf;
  const varM = n * smm - sm * sm;
  const scale = Math.sqrt(varF * varM);
  // Relative floor: float round-off leaves tiny positive variances on constant images.
  const flat = !(varF > 1e-9 * n * sff) || !(varM > 1e-9 * n * smm);
  return { ncc: flat || scale === 0 ? NaN : (n * sfm - sf * sm) / scale, overlap };
}
