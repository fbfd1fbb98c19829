import type { LabelThreshold, ModelManifest, NamedOperatingPoint, OperatingPointName } from '../../src/domain/ai/manifest';
import type { EvalRow } from '../../src/domain/ai/eval/rows';
import { rowKey } from '../../src/domain/ai/eval/rows';
import { pointStats, thresholdForSensitivity, thresholdForSpecificity } from '../../src/domain/ai/eval/operating-points';
import { binaryRows } from '../models-eval/evaluator';
import type { BinaryScores } from '../models-eval/evaluator';

/** What each named point promises on val. `flag` drives urgency and alerts, so it is the decision point. */
export const RULES: Record<OperatingPointName, { metric: 'sensitivity' | 'specificity'; target: number }> = {
  screen: { metric: 'sensitivity', target: 0.9 },
  flag: { metric: 'specificity', target: 0.9 },
};
export const DECISION_POINT: OperatingPointName = 'flag';

/**
 * A model whose points promise more than 0.9: cxr-qa's flip is near-separable (val AUC 0.995), and its warnings fall
 * on films that are nearly all correct, so at specificity 0.9 one correct film in ten would carry one and readers
 * would learn to ignore them; at sensitivity 0.9 its `screen` would be less sensitive than its `flag`.
 */
const TARGETS: Record<string, Record<OperatingPointName, number>> = { 'cxr-qa': { screen: 0.98, flag: 0.98 } };

/** The named points' rules for one model. */
export function rulesFor(modelId: string): typeof RULES {
  const targets = TARGETS[modelId];
  return targets ? { screen: { ...RULES.screen, target: targets.screen }, flag: { ...RULES.flag, target: targets.flag } } : RULES;
}

/** The data sets each model's thresholds are chosen on (their val split), as its training selected on them. */
export const SELECTION_SETS: Record<string, string[]> = {
  'cxr-triage': ['cxr_nih14_256'],
  'cxr-qa': ['cxr_nih14_256', 'cxr_covid_ieee8023'],
};

/** Scores of one label pooled over the named data sets. */
export function pooled(scores: readonly BinaryScores[], label: string, datasets: readonly string[]): { probs: number[]; positives: boolean[] } {
  const parts = scores.filter((s) => s.label === label && datasets.includes(s.dataset));
  return { probs: parts.flatMap((s) => s.probs), positives: parts.flatMap((s) => s.positives) };
}

export type LabelPoints = Record<OperatingPointName, NamedOperatingPoint>;

/** Both named points of one label from its val scores, with test figures when test scores are given. */
export function choosePoints(
  val: { probs: number[]; positives: boolean[] },
  test: { probs: number[]; positives: boolean[] } | null,
  datasets: readonly string[],
  rules: typeof RULES = RULES,
): LabelPoints {
  const name = datasets.join('+');
  const point = (p: OperatingPointName): NamedOperatingPoint => {
    const { metric, target } = rules[p];
    const choose = metric === 'sensitivity' ? thresholdForSensitivity : thresholdForSpecificity;
    const value = choose(val.probs, val.positives, target);
    return {
      value,
      rule: `${metric} ≥ ${target} on ${name} val`,
      val: pointStats(val.probs, val.positives, value, `${name} val`),
      ...(test && test.probs.length ? { test: pointStats(test.probs, test.positives, value, `${name} test`) } : {}),
    };
  };
  return { screen: point('screen'), flag: point('flag') };
}

/** The label's manifest entry: the decision point's threshold and val figures, and every named point. */
export function thresholdEntry(points: LabelPoints): LabelThreshold {
  const decision = points[DECISION_POINT];
  return { value: decision.value, operatingPoint: DECISION_POINT, val: decision.val, points };
}

const AT_THRESHOLD = new Set(['accuracy', 'sensitivity', 'specificity']);

/**
 * Replaces the stored rows that depend on the decision threshold with rows re-computed at the new one,
 * and the ECE rows too when the calibration changed (AUCs do not move: a calibration keeps the ranking).
 */
export function replaceThresholdRows(
  manifest: ModelManifest,
  scores: readonly BinaryScores[],
  split: string,
  threshold: (label: string) => number,
  calibrationChanged = false,
): EvalRow[] {
  const stored = manifest.metrics?.[split] ?? [];
  const replaced = calibrationChanged ? new Set([...AT_THRESHOLD, 'ece']) : AT_THRESHOLD;
  const fresh = new Map(
    scores.flatMap((s) =>
      binaryRows({ model: s.model, task: s.task, dataset: s.dataset, split }, s.probs, s.positives, threshold(s.label), calibrationChanged).map(
        (r) => [rowKey(r), r] as const,
      ),
    ),
  );
  return stored.map((r) => (replaced.has(r.metric) && fresh.has(rowKey(r)) ? { ...r, value: Math.round(fresh.get(rowKey(r))!.value * 1e6) / 1e6 } : r));
}
