import type { GrayPlane, PlaneMask } from './plane';

/** Halve width and height by 2×2 box means; an odd last row/column is dropped (pixel centres stay aligned within 0.5 px). */
export function halvePlane(plane: GrayPlane): GrayPlane {
  const width = plane.width >> 1;
  const height = plane.height >> 1;
  const src = plane.data;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = 2 * y * plane.width;
    const bottom = top + plane.width;
    for (let x = 0; x < width; x++) {
      const i = 2 * x;
      data[y * width + x] = 0.25 * (src[top + i] + src[top + i + 1] + src[bottom + i] + src[bottom + i + 1]);
    }
  }
  return { width, height, data };
}

/** A coarse pixel is inside when at least half of its four fine pixels are. */
export function halveMask(mask: PlaneMask): PlaneMask {
  const width = mask.width >> 1;
  const height = mask.height >> 1;
  const src = mask.data;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const top = 2 * y * mask.width;
    const bottom = top + mask.width;
    for (let x = 0; x < width; x++) {
      const i = 2 * x;
      const inside = (src[top + i] ? 1 : 0) + (src[top + i + 1] ? 1 : 0) + (src[bottom + i] ? 1 : 0) + (src[bottom + i + 1] ? 1 : 0);
      data[y * width + x] = inside >= 2 ? 1 : 0;
    }
  }
  return { width, height, data };
}

/** Levels from full resolution (index 0) down to the first level whose longer side is below 2·`coarsestSide`. */
export function buildPyramid<T extends { width: number; height: number }>(base: T, halve: (level: T) => T, coarsestSide: number): T[] {
  const levels = [base];
  let level = base;
  while (Math.max(level.width, level.height) >= 2 * coarsestSide && Math.min(level.width, level.height) >= 16) {
    level = halve(level);
    levels.push(level);
  }
  return levels;
}
