/** A float64 raster used between preprocessing steps (the contract computes in float64). */
export interface Raster {
  width: number;
  height: number;
  data: Float64Array;
}

/** Box factor of step 1: `floor(max(W, H) / S)`, or 1 when that is below 2 (no box step). */
export function boxFactor(width: number, height: number, size: number): number {
  const k = Math.floor(Math.max(width, height) / size);
  return k >= 2 ? k : 1;
}

/**
 * Mean of each `k × k` block (anti-aliasing before the bilinear step). Source rows/columns past
 * `k·floor(W/k)`, `k·floor(H/k)` are dropped. `k = 1` copies the image into float64.
 */
export function boxDownsample(src: ArrayLike<number>, width: number, height: number, k: number): Raster {
  const w1 = Math.floor(width / k);
  const h1 = Math.floor(height / k);
  const out = new Float64Array(w1 * h1);
  if (k === 1) {
    for (let i = 0; i < out.length; i++) out[i] = src[i];
    return { width: w1, height: h1, data: out };
  }
  // Accumulate rows of each block into one row of sums, then divide once.
  const sums = new Float64Array(w1);
  const area = k * k;
  for (let by = 0; by < h1; by++) {
    sums.fill(0);
    for (let dy = 0; dy < k; dy++) {
      const row = (by * k + dy) * width;
      for (let bx = 0; bx < w1; bx++) {
        let s = 0;
        const start = row + bx * k;
        for (let dx = 0; dx < k; dx++) s += src[start + dx];
        sums[bx] += s;
      }
    }
    const outRow = by * w1;
    for (let bx = 0; bx < w1; bx++) out[outRow + bx] = sums[bx] / area;
  }
  return { width: w1, height: h1, data: out };
}
