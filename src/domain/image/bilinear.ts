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

/**
 * A source row interpolated at every horizontal tap, `(1 − fx)·d[x0] + fx·d[x1]` as `blend` computes its top
 * and bottom. Two rows are kept (the two a output row blends); rows come in increasing order for resizes.
 */
function horizontalRows(src: Grid, xs: AxisTaps): (row: number) => Float64Array {
  const width = xs.f.length;
  const slots = [
    { row: -1, values: new Float64Array(width) },
    { row: -1, values: new Float64Array(width) },
  ];
  return (row) => {
    if (slots[0].row === row) return slots[0].values;
    if (slots[1].row !== row) {
      const [stale] = slots.splice(1, 1); // the least recently used
      const d = src.data;
      const r = row * src.width;
      for (let x = 0; x < width; x++) stale.values[x] = (1 - xs.f[x]) * d[r + xs.i0[x]] + xs.f[x] * d[r + xs.i1[x]];
      stale.row = row;
      slots.unshift(stale);
    } else slots.reverse();
    return slots[0].values;
  };
}

/**
 * Separable bilinear interpolation of `src` at the taps, one output row at a time: `row(o, top, bottom, fy)` gets the
 * row's offset and the two horizontally interpolated source rows it blends, `(1 − fy)·top[x] + fy·bottom[x]` (the
 * arithmetic of `blend`). Each source row is interpolated horizontally once rather than at every output pixel
 * (upsampling a 160² lung map to a 1024² film did the same row work six times over).
 */
function eachOutputRow(src: Grid, xs: AxisTaps, ys: AxisTaps, row: (o: number, top: Float64Array, bottom: Float64Array, fy: number) => void): void {
  const rowAt = horizontalRows(src, xs);
  for (let y = 0; y < ys.f.length; y++) row(y * xs.f.length, rowAt(ys.i0[y]), rowAt(ys.i1[y]), ys.f[y]);
}

/** Fills `out` (xs.f.length × ys.f.length, row-major) with `src` interpolated at the taps (see eachOutputRow). */
export function resampleWithTaps<Out extends Float32Array | Float64Array>(src: Grid, xs: AxisTaps, ys: AxisTaps, out: Out): Out {
  const width = xs.f.length;
  eachOutputRow(src, xs, ys, (o, top, bottom, fy) => {
    for (let x = 0; x < width; x++) out[o + x] = (1 - fy) * top[x] + fy * bottom[x];
  });
  return out;
}

/**
 * `out[i] = 1` where `src` interpolated at the taps, rounded to float32, exceeds `threshold` (the mask that
 * resampleWithTaps into a Float32Array and a comparison give, to the bit); returns how many. One pass: resampling
 * a lung map to a 1024² film, thresholding it and counting the mask took three.
 */
export function thresholdWithTaps(src: Grid, xs: AxisTaps, ys: AxisTaps, threshold: number, out: Uint8Array): number {
  const width = xs.f.length;
  let count = 0;
  eachOutputRow(src, xs, ys, (o, top, bottom, fy) => {
    for (let x = 0; x < width; x++) {
      const inside = Math.fround((1 - fy) * top[x] + fy * bottom[x]) > threshold ? 1 : 0;
      out[o + x] = inside;
      count += inside;
    }
  });
  return count;
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
