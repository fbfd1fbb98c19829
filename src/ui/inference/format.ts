import type { LabelThreshold, ModelManifest } from '../../domain/ai/manifest';

export const percent = (p: number) => `${(p * 100).toFixed(1)} %`;

/** The manifest's operating point for a finding label (threshold with its validation sens/spec). */
export function operatingPoint(manifests: readonly ModelManifest[], label: string): LabelThreshold | undefined {
  return manifests.flatMap((m) => m.heads).find((h) => h.thresholds?.[label])?.thresholds?.[label];
}

export function validationText(point: LabelThreshold | undefined): string {
  const val = point?.val;
  if (!val) return 'no validation figures';
  const ci = ([lo, hi]: [number, number]) => `${percent(lo)}–${percent(hi)}`;
  return `sens ${percent(val.sensitivity)} (95 % CI ${ci(val.sensitivityCI95)}, n+ ${val.nPositive}) · spec ${percent(val.specificity)} (${ci(val.specificityCI95)}, n− ${val.nNegative})`;
}
