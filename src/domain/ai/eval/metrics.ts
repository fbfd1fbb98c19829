/**
 * Evaluation metrics, defined as in models/training/metrics.py so both evaluations agree row by row.
 * Metrics that are undefined for the data (e.g. AUC without both classes) return null.
 */

/** Mann-Whitney AUC with ties counted ½ (average ranks). */
export function auc(scores: ArrayLike<number>, positives: ArrayLike<boolean>): number | null {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positives[i]) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (positives[order[t]]) positiveRankSum += rank;
    i = j + 1;
  }
  return (positiveRankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Mean one-vs-rest AUC over the classes present with both signs; `probs[i][c]` scores class c of row i. */
export function macroAuc(probs: readonly (readonly number[])[], labels: readonly number[], nClasses: number): number | null {
  const values: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const a = auc(
      probs.map((p) => p[c]),
      labels.map((l) => l === c),
    );
    if (a !== null) values.push(a);
  }
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

export function accuracy(predicted: readonly unknown[], truth: readonly unknown[]): number | null {
  if (predicted.length !== truth.length) throw new Error('accuracy: lengths differ');
  if (truth.length === 0) return null;
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}

export interface Confusion {
  tp: number;
  fn: number;
  tn: number;
  fp: number;
}

/** Confusion counts with a positive call at `probability ≥ threshold`. */
export function confusion(probs: ArrayLike<number>, positives: ArrayLike<boolean>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fn: 0, tn: 0, fp: 0 };
  for (let i = 0; i < probs.length; i++) {
    const called = probs[i] >= threshold;
    if (positives[i]) {
      if (called) c.tp++;
      else c.fn++;
    } else if (called) c.fp++;
    else c.tn++;
  }
  return c;
}

export function sensitivity(c: Confusion): number | null {
  return c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
}

export function specificity(c: Confusion): number | null {
  return c.tn + c.fp > 0 ? c.tn / (c.tn + c.fp) : null;
}

/** Wilson score interval of k successes in n trials (z = 1.96 for 95 %). */
export function wilson(k: number, n: number, z = 1.959964): [number, number] | null {
  if (n === 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [centre - half, centre + half];
}

/** Expected calibration error, equal-width bins on [0, 1], bin = min(floor(p · bins), bins − 1). */
export function ece(probs: ArrayLike<number>, positives: ArrayLike<boolean>, bins = 10): number | null {
  const n = probs.length;
  if (n === 0) return null;
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = Math.min(Math.floor(probs[i] * bins), bins - 1);
    count[b]++;
    sumP[b] += probs[i];
    sumY[b] += positives[i] ? 1 : 0;
  }
  let total = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) total += (count[b] / n) * Math.abs(sumY[b] / count[b] - sumP[b] / count[b]);
  }
  return total;
}

/** Dice over valid pixels (nonzero = set); 1 when prediction and truth are both empty there. */
export function dice(pred: ArrayLike<number>, truth: ArrayLike<number>, valid: ArrayLike<number>): number {
  if (pred.length !== truth.length || pred.length !== valid.length) throw new Error('dice: sizes differ');
  let p = 0;
  let t = 0;
  let both = 0;
  for (let i = 0; i < pred.length; i++) {
    if (!valid[i]) continue;
    const a = pred[i] ? 1 : 0;
    const b = truth[i] ? 1 : 0;
    p += a;
    t += b;
    both += a & b;
  }
  return p + t === 0 ? 1 : (2 * both) / (p + t);
}

export function mean(values: readonly number[]): number | null {
  return values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
}

/** Median (mean of the two middle values for an even count), as numpy's. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
