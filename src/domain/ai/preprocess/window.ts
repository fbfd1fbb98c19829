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

/** Swaps a[i] and a[j]. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Reorders `a[from..to]` so that `a[k]` holds the value a sort would put there, with nothing larger
 * before it and nothing smaller after it (quickselect, median-of-three pivots). Finite values only.
 */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Smallest value of `a[from..to]` (the next order statistic once `a[from − 1]` is selected). */
function minOf(a: Float64Array, from: number, to: number): number {
  let m = a[from];
  for (let i = from + 1; i <= to; i++) if (a[i] < m) m = a[i];
  return m;
}

/** `percentileOfSorted(sorted(values), p)` for increasing `ps`, without sorting: two order statistics each. */
function percentilesOfUnsorted(values: Float64Array, ps: readonly number[]): number[] {
  const a = Float64Array.from(values);
  const n = a.length;
  if (n === 0) throw new Error('percentile of an empty array');
  let from = 0;
  return ps.map((p) => {
    const r = (p / 100) * (n - 1);
    const i = Math.floor(r);
    selectInPlace(a, i, from, n - 1);
    from = i;
    const next = i + 1 < n ? minOf(a, i + 1, n - 1) : a[i];
    return a[i] + (r - i) * (next - a[i]);
  });
}

/**
 * Window from the `low`/`high` percentiles of the values (step 4). Selection instead of a full sort
 * (the same order statistics, O(n)): sorting the 224² canvas was most of a study's preprocessing.
 */
export function percentileWindow(values: Float64Array, low: number, high: number): IntensityWindow {
  const [lo, hi] = percentilesOfUnsorted(values, [Math.min(low, high), Math.max(low, high)]);
  return low <= high ? { lo, hi } : { lo: hi, hi: lo };
}

/** Maps a value into 0..1 through the window; a window narrower than 1e-6 maps everything to 0. */
export function windowValue(v: number, { lo, hi }: IntensityWindow): number {
  const width = hi - lo;
  if (width < 1e-6) return 0;
  const x = (v - lo) / width;
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
