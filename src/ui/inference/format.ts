import type { LabelThreshold, ModelManifest } from '../../domain/ai/manifest';
import type { PointCall } from '../../domain/ai/result/point-calls';

export const percent = (p: number) => `${(p * 100).toFixed(1)} %`;
const whole = (p: number) => `${Math.round(p * 100)} %`;

/** The manifest's thresholds for a finding label (decision value and named points with their validation figures). */
export function operatingPoint(manifests: readonly ModelManifest[], label: string): LabelThreshold | undefined {
  return manifests.flatMap((m) => m.heads).find((h) => h.thresholds?.[label])?.thresholds?.[label];
}

/** "flag ≥ 27.8 %: passed · sens 33 % spec 90 % · PPV 24 % at 9 % prevalence" (validation figures). */
export function pointText(c: PointCall): string {
  const head = `${c.name} ≥ ${percent(c.value)}: ${c.passed ? 'passed' : 'not passed'}`;
  if (!c.val) return `${head} · no validation figures`;
  const ppv = c.ppv === null || c.ppv === undefined ? 'PPV undefined' : `PPV ${whole(c.ppv)}`;
  return `${head} · sens ${whole(c.val.sensitivity)} spec ${whole(c.val.specificity)} · ${ppv} at ${whole(c.prevalence ?? 0)} prevalence`;
}

/** The same with 95 % intervals and where the figures come from, for the tooltip. */
export function pointTitle(c: PointCall): string {
  if (!c.val) return `${c.name}: threshold ${percent(c.value)}`;
  const ci = ([lo, hi]: [number, number]) => `${percent(lo)}–${percent(hi)}`;
  const v = c.val;
  return (
    `${c.name}${c.decision ? ' (the worklist and alerts use this point)' : ''}: threshold ${percent(c.value)}; ` +
    `validation${v.dataset ? ` (${v.dataset})` : ''}: sens ${percent(v.sensitivity)} (95 % CI ${ci(v.sensitivityCI95)}, n+ ${v.nPositive}), ` +
    `spec ${percent(v.specificity)} (${ci(v.specificityCI95)}, n− ${v.nNegative}); PPV at the validation prevalence ${percent(c.prevalence ?? 0)}`
  );
}
