import type { OodSpec } from '../manifest';

export interface OodResult {
  score: number;
  threshold: number;
  /** True when the image is unlike the training data: the model's other outputs do not apply. */
  outOfDistribution: boolean;
}

export function decideOod(score: number, spec: OodSpec): OodResult {
  return { score, threshold: spec.threshold, outOfDistribution: score > spec.threshold };
}
