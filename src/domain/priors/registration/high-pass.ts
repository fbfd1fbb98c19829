import type { GrayPlane } from './plane';

/** Running-sum box mean along one axis (edges use the part of the window inside the image). */
function boxMean1d(src: Float32Array, dst: Float32Array, count: number, stride: number, lines: number, lineStride: number, radius: number): void {
  for (let line = 0; line < lines; line++) {
    const base = line * lineStride;
    let sum = 0;
    let inWindow = 0;
    for (let i = 0; i < Math.min(radius, count); i++) {
      sum += src[base + i * stride];
      inWindow++;
    }
    for (let i = 0; i < count; i++) {
      const enter = i + radius;
      const leave = i - radius - 1;
      if (enter < count) {
        sum += src[base + enter * stride];
        inWindow++;
      }
      if (leave >= 0) {
        sum -= src[base + leave * stride];
        inWindow--;
      }
      dst[base + i * stride] = sum / inWindow;
    }
  }
}

/**
 * The image minus its (2·radius + 1)² box mean: ribs, vessels and edges without the exposure gradient.
 * Fine structure only lines up when the alignment is right to a few pixels, which is what subtraction needs.
 */
export function highPass(plane: GrayPlane, radius: number): GrayPlane {
  const { width, height, data } = plane;
  const rows = new Float32Array(data.length);
  const blurred = new Float32Array(data.length);
  boxMean1d(data, rows, width, 1, height, width, radius);
  boxMean1d(rows, blurred, height, width, width, 1, radius);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] - blurred[i];
  return { width, height, data: out };
}
