/**
 * The one bilinear kernel: AI preprocessing (resize to the model canvas), AI post-processing (model maps back
 * to source pixels) and priors registration (sampling at transformed points) all interpolate with `blend`.
 * Preprocessing must stay bit-identical to models/training/preprocess.py: keep the arithmetic order as it is.
 */

/** A single-channel, row-major image of `width * height` values. */
export interface Grid {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** For each output sample along one axis: the two source indices and the weight of the second. */
export interface AxisTaps {
  i0: Int32Array;
  i1: Int32Array;
  f: Float64Array;
}

/** Interpolates the cell whose corners are at rows r0/r1 (offsets into `d`) and columns x0/x1. */
function blend(d: ArrayLike<number>, r0: number, r1: number, x0: number, x1: number, fx: number, fy: number): number {
  const top = (1 - fx) * d[r0 + x0] + fx * d[r0 + x1];
  const bottom = (1 - fx) * d[r1 + x0] + fx * d[r1 + x1];
  return (1 - fy) * top + fy * bottom;
}

/** Taps for `outSize` samples at source positions `position(o)`, clamped to [lo, hi]. */
export function axisTaps(outSize: number, position: (o: number) => number, lo: number, hi: number): AxisTaps {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const f = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(Math.max(position(o), lo), hi);
    const a = Math.floor(s);
    i0[o] = a;
    i1[o] = Math.min(a + 1, hi);
    f[o] = s - a;
  }
  return { i0, i1, f };
}

/** Fills `out` (xs.f.length × ys.f.length, row-major) by separable bilinear interpolation of `src`. */
export function resampleWithTaps<Out extends Float32Array | Float64Array>(src: Grid, xs: AxisTaps, ys: AxisTaps, out: Out): Out {
  const outWidth = xs.f.length;
  const w = src.width;
  const d = src.data;
  for (let y = 0; y < ys.f.length; y++) {
    const r0 = ys.i0[y] * w;
    const r1 = ys.i1[y] * w;
    const fy = ys.f[y];
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = blend(d, r0, r1, xs.i0[x], xs.i1[x], xs.f[x], fy);
  }
  return out;
}

/** Bilinear resize with half-pixel centres and edge clamping, arithmetic in float64. */
export function resizeBilinear(src: Grid, outWidth: number, outHeight: number): { width: number; height: number; data: Float64Array } {
  const centres = (inSize: number, outSize: number) => {
    const scale = inSize / outSize;
    return axisTaps(outSize, (o) => (o + 0.5) * scale - 0.5, 0, inSize - 1);
  };
  const data = resampleWithTaps(src, centres(src.width, outWidth), centres(src.height, outHeight), new Float64Array(outWidth * outHeight));
  return { width: outWidth, height: outHeight, data };
}

/**
 * Bilinear sample at (x, y), which the caller has checked lies in [0, width − 1] × [0, height − 1].
 * The cell is clamped so the last row/column interpolates with weight 1 instead of reading past the edge.
 */
export function sampleBilinear(src: Grid, x: number, y: number): number {
  const { width } = src;
  const x0 = Math.min(x | 0, width - 2);
  const y0 = Math.min(y | 0, src.height - 2);
  const r0 = y0 * width;
  return blend(src.data, r0, r0 + width, x0, x0 + 1, x - x0, y - y0);
}

export function isInside(src: Grid, x: number, y: number): boolean {
  return x >= 0 && y >= 0 && x <= src.width - 1 && y <= src.height - 1;
}
