import type { GrayPlane } from './plane';

/**
 * Bilinear sample at (x, y), which the caller has checked lies in [0, width − 1] × [0, height − 1].
 * The cell is clamped so the last row/column interpolates with weight 1 instead of reading past the edge.
 */
export function sampleBilinear(plane: GrayPlane, x: number, y: number): number {
  const { width, data } = plane;
  const x0 = Math.min(x | 0, width - 2);
  const y0 = Math.min(y | 0, plane.height - 2);
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * width + x0;
  const top = data[i] + fx * (data[i + 1] - data[i]);
  const bottom = data[i + width] + fx * (data[i + width + 1] - data[i + width]);
  return top + fy * (bottom - top);
}

export function isInside(plane: GrayPlane, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x <= plane.width - 1 && y <= plane.height - 1;
}
