/** Linear-interpolated percentile of already sorted values (numpy's default method). `p` in 0..100. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error('percentile of an empty array');
  const r = (p / 100) * (n - 1);
  const i = Math.floor(r);
  const next = sorted[Math.min(i + 1, n - 1)];
  return sorted[i] + (r - i) * (next - sorted[i]);
}

export interface IntensityWindow {
  lo: number;
  hi: number;
}

/** Window from the `low`/`high` percentiles of the values (step 4). */
export function percentileWindow(values: Float64Array, low: number, high: number): IntensityWindow {
  const sorted = Float64Array.from(values).sort();
  return { lo: percentileOfSorted(sorted, low), hi: percentileOfSorted(sorted, high) };
}

/** Maps a value into 0..1 through the window; a window narrower than 1e-6 maps everything to 0. */
export function windowValue(v: number, { lo, hi }: IntensityWindow): number {
  const width = hi - lo;
  if (width < 1e-6) return 0;
  const x = (v - lo) / width;
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
