/**
 * What a probability means at each of its label's named operating points (manifest `points`): passed or
 * not, the point's validation sensitivity/specificity, and the PPV at the validation prevalence (the
 * prevalence is stated with it, since a PPV means nothing without one).
 */
import { OPERATING_POINT_NAMES, type LabelThreshold, type OperatingPointStats } from '../manifest';
import { ppvAt, prevalenceOf } from '../eval/operating-points';
import { isPositive } from '../postprocess/decisions';

export interface PointCall {
  /** "flag", "screen", or the manifest's description for a single unnamed threshold. */
  name: string;
  value: number;
  passed: boolean;
  /** Whether the product's call (urgency, alerts, the AI column) is made at this point. */
  decision: boolean;
  val?: OperatingPointStats;
  /** Label prevalence in the validation data of the point. */
  prevalence?: number;
  ppv?: number | null;
}

function call(name: string, value: number, probability: number, decision: boolean, val: OperatingPointStats | undefined): PointCall {
  const base = { name, value, passed: isPositive(probability, value), decision };
  if (!val) return base;
  const prevalence = prevalenceOf(val);
  return { ...base, val, prevalence, ppv: ppvAt(val, prevalence) };
}

/** Most specific point first (flag, then screen); a manifest without named points gives its one threshold. */
export function pointCalls(threshold: LabelThreshold | undefined, probability: number): PointCall[] {
  if (!threshold) return [];
  const points = threshold.points;
  if (!points) return [call(threshold.operatingPoint ?? 'threshold', threshold.value, probability, true, threshold.val)];
  return [...OPERATING_POINT_NAMES].reverse().flatMap((name) => {
    const p = points[name];
    return p ? [call(name, p.value, probability, name === threshold.operatingPoint, p.val)] : [];
  });
}
