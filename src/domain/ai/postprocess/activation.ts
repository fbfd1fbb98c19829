import type { Head } from '../manifest';

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from(logits, (x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The calibrated logit of label i: z / T, or slope · z + intercept (Platt), or z uncalibrated. */
export function calibratedLogit(head: Head, z: number, i: number): number {
  const c = head.calibration;
  if (!c) return z;
  if (c.method === 'platt') return c.slope[i] * z + c.intercept[i];
  return z / (Array.isArray(c.temperature) ? c.temperature[i] : c.temperature);
}

/** Calibrated probabilities of one head: sigmoid of each calibrated logit, or softmax(z / T). */
export function headProbabilities(head: Head, logits: ArrayLike<number>): number[] {
  if (logits.length !== head.labels.length) {
    throw new Error(`head ${head.output}: ${logits.length} logits for ${head.labels.length} labels`);
  }
  const scaled = Array.from(logits, (z, i) => calibratedLogit(head, z, i));
  return head.activation === 'sigmoid' ? scaled.map(sigmoid) : softmax(scaled);
}
