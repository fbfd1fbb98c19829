import type { EvalRow } from './eval/rows';
import { rowKey } from './eval/rows';
import type { ModelManifest } from './manifest';

/**
 * Quantized variants of the float models (issue #16 item 4): `models/<id>.int8.onnx` with its own manifest
 * `models/<id>.int8.json` (sha256 as for every model), written by `npm run models:quantize`. The browser
 * runs a variant only when its manifest says it passed the accuracy gate against the float model it was
 * made from; servers and evaluations keep the float models.
 */
export const VARIANT_SUFFIX = '.int8';

/** Largest test-split losses a variant may have against its float model (issue #17). */
export const ACCURACY_GATE = { auc: 0.01, dice: 0.005 } as const;

/** Metrics the gate judges, by kind; the other rows (accuracy, ECE, …) are reported only. */
const GATED_METRICS: Record<string, keyof typeof ACCURACY_GATE> = { auc: 'auc', macro_auc: 'auc', auroc: 'auc', dice_mean: 'dice' };

export interface AccuracyChange {
  key: string;
  float: number;
  quantized: number;
  /** float − quantized: positive is worse. */
  loss: number;
  limit: number;
}

export interface QuantizationSpec {
  method: string;
  /** The float model this variant was made from; a variant of another build is never used. */
  source: { file: string; sha256: string };
  calibration: { split: string; images: number; datasets: string[] };
  /** Gated test-split metrics, float vs quantized, computed by the models:eval code. */
  accuracy: AccuracyChange[];
  passed: boolean;
}

/** `cxr-qa.int8.json` is a variant manifest; the float readers skip it. */
export const isVariantManifestFile = (name: string): boolean => name.endsWith(`${VARIANT_SUFFIX}.json`);
export const variantFileOf = (floatFile: string): string => floatFile.replace(/\.onnx$/, `${VARIANT_SUFFIX}.onnx`);

/** The gated rows of the float evaluation paired with the quantized ones; a row the variant lacks counts as 0 (all lost). */
export function accuracyChanges(floatRows: readonly EvalRow[], quantizedRows: readonly EvalRow[]): AccuracyChange[] {
  const quantized = new Map(quantizedRows.map((r) => [rowKey(r), r.value]));
  return floatRows.flatMap((r) => {
    const kind = GATED_METRICS[r.metric];
    if (!kind) return [];
    const key = rowKey(r);
    const q = quantized.get(key) ?? 0;
    return [{ key, float: r.value, quantized: q, loss: r.value - q, limit: ACCURACY_GATE[kind] }];
  });
}

export const passesGate = (changes: readonly AccuracyChange[]): boolean => changes.length > 0 && changes.every((c) => c.loss <= c.limit);

/** Why the variant must not replace the float model, or null when it may. */
export function variantRefusal(float: ModelManifest, variant: ModelManifest): string | null {
  const q = variant.quantization;
  if (!q) return `${variant.file} has no quantization record`;
  if (variant.id !== float.id) return `${variant.file} is a variant of ${variant.id}, not ${float.id}`;
  if (q.source.sha256 !== float.sha256) return `${variant.file} was made from another build of ${float.file} (retrained since: run npm run models:quantize)`;
  if (!q.passed || !passesGate(q.accuracy)) return `${variant.file} lost more accuracy than the gate allows`;
  return null;
}

/**
 * The float manifest's contract (segmentation threshold, OOD: `models:points` may have moved them since the
 * variant was made) with the variant's build: its file, sha256, size, metrics and record, and its heads —
 * `npm run models:calibrate` fits a variant's calibration and operating points on its own logits, since
 * quantization shifts them a little.
 */
export function withVariantBuild(float: ModelManifest, variant: ModelManifest): ModelManifest {
  const { file, sha256, bytes, metrics, quantization, heads } = variant;
  return { ...float, file, sha256, bytes, metrics, quantization, heads };
}
