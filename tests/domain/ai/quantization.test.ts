import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../../../src/domain/ai/eval/rows';
import { ManifestError, validateManifest, type ModelManifest } from '../../../src/domain/ai/manifest';
import {
  accuracyChanges,
  isVariantManifestFile,
  passesGate,
  variantFileOf,
  variantRefusal,
  withVariantBuild,
  type QuantizationSpec,
} from '../../../src/domain/ai/quantization';

const row = (metric: string, value: number, dataset = 'set'): EvalRow => ({ model: 'm', task: 't', metric, value, n: 10, dataset, split: 'test' });

const float: ModelManifest = {
  id: 'cxr-lungs',
  version: '1.0.0',
  task: 'segmentation',
  file: 'cxr-lungs.onnx',
  sha256: 'a'.repeat(64),
  bytes: 10,
  input: { name: 'image', shape: [1, 1, 160, 160], layout: 'NCHW', dtype: 'float32' },
  preprocessing: { id: 'dokuei-xr-v1', size: 160, window: { method: 'percentile', low: 0.5, high: 99.5 }, normalize: { mean: 0.5, std: 0.25 } },
  heads: [],
  segmentation: { output: 'mask', activation: 'sigmoid', threshold: 0.5, labels: ['lung'] },
};

function variant(quantization: Partial<QuantizationSpec> = {}): ModelManifest {
  const accuracy = accuracyChanges([row('dice_mean', 0.947)], [row('dice_mean', 0.946)]);
  return {
    ...float,
    file: 'cxr-lungs.int8.onnx',
    sha256: 'b'.repeat(64),
    quantization: {
      method: 'static QDQ',
      source: { file: float.file, sha256: float.sha256 },
      calibration: { split: 'train', images: 64, datasets: ['set'] },
      accuracy,
      passed: passesGate(accuracy),
      ...quantization,
    },
  };
}

describe('accuracy gate of quantized variants', () => {
  it('gates AUC rows at 0.01 and mean Dice at 0.005, and reports no other metric', () => {
    const changes = accuracyChanges(
      [row('auc', 0.9), row('macro_auc', 0.8), row('auroc', 0.95, 'a+b'), row('dice_mean', 0.95), row('accuracy', 0.7), row('ece', 0.05)],
      [row('auc', 0.891), row('macro_auc', 0.78), row('auroc', 0.96, 'a+b'), row('dice_mean', 0.944), row('accuracy', 0.5), row('ece', 0.2)],
    );
    expect(changes.map((c) => [c.key.split('|')[2], c.limit, Number(c.loss.toFixed(3))])).toEqual([
      ['auc', 0.01, 0.009],
      ['macro_auc', 0.01, 0.02],
      ['auroc', 0.01, -0.01],
      ['dice_mean', 0.005, 0.006],
    ]);
    expect(passesGate(changes)).toBe(false);
    expect(passesGate(changes.filter((c) => c.loss <= c.limit))).toBe(true);
  });

  it('counts a metric the variant did not produce as lost, and passes nothing without gated rows', () => {
    const [missing] = accuracyChanges([row('auc', 0.9)], []);
    expect(missing).toMatchObject({ quantized: 0, loss: 0.9 });
    expect(passesGate([missing])).toBe(false);
    expect(passesGate(accuracyChanges([row('accuracy', 0.9)], [row('accuracy', 0.9)]))).toBe(false);
  });
});

describe('choosing a variant', () => {
  it('takes a variant that passed for this very float build', () => {
    expect(variantRefusal(float, variant())).toBeNull();
  });

  it('refuses a failed, stale, foreign or unrecorded variant with the reason', () => {
    const failed = variant({ accuracy: accuracyChanges([row('dice_mean', 0.95)], [row('dice_mean', 0.9)]), passed: true });
    expect(variantRefusal(float, failed)).toMatch(/lost more accuracy/);
    expect(variantRefusal(float, variant({ passed: false }))).toMatch(/lost more accuracy/);
    expect(variantRefusal(float, variant({ source: { file: float.file, sha256: 'c'.repeat(64) } }))).toMatch(/another build.*models:quantize/);
    expect(variantRefusal(float, { ...variant(), id: 'cxr-qa' })).toMatch(/variant of cxr-qa/);
    expect(variantRefusal(float, { ...variant(), quantization: undefined })).toMatch(/no quantization record/);
  });

  it("runs the variant's build under the float model's current decisions", () => {
    const moved = { ...float, segmentation: { output: 'mask', activation: 'sigmoid' as const, threshold: 0.6, labels: ['lung'] } };
    const used = withVariantBuild(moved, variant());
    expect(used.segmentation?.threshold).toBe(0.6);
    expect([used.file, used.sha256, used.quantization?.passed]).toEqual(['cxr-lungs.int8.onnx', 'b'.repeat(64), true]);
  });

  it('runs the variant under its own heads: calibration and points fitted on its own logits', () => {
    const head = { output: 'logits', activation: 'sigmoid' as const, labels: ['x'] };
    const floatHeads = { ...float, heads: [{ ...head, calibration: { method: 'platt' as const, slope: [1.2], intercept: [-0.5] } }] };
    const own = { ...variant(), heads: [{ ...head, calibration: { method: 'platt' as const, slope: [1.1], intercept: [-0.6] } }] };
    expect(withVariantBuild(floatHeads, own).heads[0].calibration).toEqual({ method: 'platt', slope: [1.1], intercept: [-0.6] });
  });

  it('names variant files apart from the float ones', () => {
    expect(variantFileOf('cxr-qa.onnx')).toBe('cxr-qa.int8.onnx');
    expect(isVariantManifestFile('cxr-qa.int8.json')).toBe(true);
    expect(isVariantManifestFile('cxr-qa.json')).toBe(false);
  });

  it('validates the quantization record of a manifest', () => {
    expect(validateManifest(variant()).quantization?.passed).toBe(true);
    const broken = { ...variant(), quantization: { source: { sha256: 'nope' }, accuracy: [{ float: 1 }], passed: 'yes' } };
    expect(() => validateManifest(broken)).toThrow(ManifestError);
    try {
      validateManifest(broken);
    } catch (e) {
      expect((e as ManifestError).issues.join('\n')).toMatch(/quantization.source.sha256[\s\S]*quantization.accuracy\[0\].quantized[\s\S]*quantization.passed/);
    }
  });
});
