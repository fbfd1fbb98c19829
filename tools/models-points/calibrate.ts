import type { Calibration, Head } from '../../src/domain/ai/manifest';
import { fitPlatt } from '../../src/domain/ai/eval/platt';
import { calibratedLogit, sigmoid } from '../../src/domain/ai/postprocess/activation';
import type { BinaryScores } from '../models-eval/evaluator';

/** Models whose sigmoid heads `npm run models:calibrate` fits Platt scaling for (float model and its variants). */
export const PLATT_MODELS = ['cxr-triage'];

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Platt scaling of a sigmoid head, per label, fitted on the val logits pooled over the selection sets
 * (plain logistic regression on the logit; test logits are never looked at). Rounded to 4 decimals as
 * the manifests store temperatures; the probabilities that follow are computed from the rounded values.
 */
export function fitHeadPlatt(head: Head, val: readonly BinaryScores[], selection: readonly string[]): Calibration {
  const fits = head.labels.map((label) => {
    const parts = val.filter((s) => s.label === label && selection.includes(s.dataset));
    const logits = parts.flatMap((s) => s.logits ?? []);
    const positives = parts.flatMap((s) => s.positives);
    if (logits.length !== positives.length || logits.length === 0) throw new Error(`${label}: no val logits to fit Platt scaling on`);
    return fitPlatt(logits, positives);
  });
  return {
    method: 'platt',
    slope: fits.map((f) => round(f.slope)),
    intercept: fits.map((f) => round(f.intercept)),
    note: `probability = sigmoid(slope * logit + intercept), fitted on ${selection.join('+')} val (logistic regression, npm run models:calibrate); thresholds apply to this probability`,
  };
}

/** The same scores with their probabilities re-computed from the logits under the head's (new) calibration. */
export function recalibrated(head: Head, scores: readonly BinaryScores[]): BinaryScores[] {
  return scores.map((s) => {
    const k = head.labels.indexOf(s.label);
    if (k < 0 || !s.logits) return s;
    return { ...s, probs: s.logits.map((z) => sigmoid(calibratedLogit(head, z, k))) };
  });
}
