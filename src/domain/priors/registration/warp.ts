import { isInside, sampleBilinear } from '../../image/bilinear';
import type { GrayPlane } from './plane';
import { inverseMap, type RigidTransform } from './transform';

export interface WarpedPlane extends GrayPlane {
  /** 1 where the output pixel maps inside the source; elsewhere the value is 0 and carries no information. */
  covered: Uint8Array;
}

/** The prior resampled (bilinear) into the current image's frame of `size` through `transform`. */
export function warp(prior: GrayPlane, transform: RigidTransform, size: { width: number; height: number }): WarpedPlane {
  const { width, height } = size;
  const { a, b, c, d, e, f } = inverseMap(transform, size, prior);
  // Local bindings: dev/test transforms turn each imported call into a namespace lookup, costly per pixel.
  const inside = isInside;
  const sample = sampleBilinear;
  const data = new Float32Array(width * height);
  const covered = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const mx = a * x + b * y + e;
      const my = c * x + d * y + f;
      if (!inside(prior, mx, my)) continue;
      data[y * width + x] = sample(prior, mx, my);
      covered[y * width + x] = 1;
    }
  }
  return { width, height, data, covered };
}
