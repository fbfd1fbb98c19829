import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../src/domain/ai/analyze';
import type { ModelManifest, PreprocessingSpec } from '../../../src/domain/ai/manifest';
import type { LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import type { FloatTensor } from '../../../src/domain/ai/runtime/backend';

const pre = (size: number): PreprocessingSpec => ({
  id: 'dokuei-xr-v1',
  size,
  window: { method: 'percentile', low: 0.5, high: 99.5 },
  normalize: { mean: 0.5, std: 0.25 },
});
const base = (id: string, task: ModelManifest['task'], size: number): ModelManifest => ({
  id,
  version: '1',
  task,
  file: `${id}.onnx`,
  sha256: '0'.repeat(64),
  bytes: 1,
  input: { name: 'image', shape: [1, 1, size, size], layout: 'NCHW', dtype: 'float32' },
  preprocessing: pre(size),
  heads: [],
});

/** A model whose session returns fixed outputs and records the inputs it saw. */
function fakeModel(manifest: ModelManifest, outputs: Record<string, FloatTensor>): LoadedModel & { inputs: FloatTensor[] } {
  const inputs: FloatTensor[] = [];
  return {
    manifest,
    inputs,
    session: {
      inputNames: ['image'],
      outputNames: Object.keys(outputs),
      run: async (feeds) => {
        inputs.push(feeds.image);
        return outputs;
      },
      release: async () => {},
    },
  };
}

const t = (values: number[], dims: number[]): FloatTensor => ({ data: Float32Array.from(values), dims });

function qa(bodyPartLogits: number[]) {
  return fakeModel(
    {
      ...base('cxr-qa', 'qa', 16),
      heads: [
        { output: 'projection', activation: 'softmax', labels: ['PA', 'AP', 'LATERAL'] },
        { output: 'body_part', activation: 'softmax', labels: ['CHEST', 'UPPER_LIMB'] },
      ],
    },
    { projection: t([2, 0, 0], [1, 3]), body_part: t(bodyPartLogits, [1, 2]) },
  );
}

function triage() {
  const cam = new Array(2 * 4).fill(0);
  cam[0] = 3; // label 0 hot in the top-left cell of a 2×2 grid
  return fakeModel(
    {
      ...base('cxr-triage', 'classification', 16),
      heads: [{ output: 'logits', activation: 'sigmoid', labels: ['abnormal', 'effusion'], thresholds: { abnormal: { value: 0.5 } } }],
      explain: { method: 'gradcam', output: 'cam', shape: [1, 2, 2, 2] },
      ood: { output: 'ood', threshold: 10 },
    },
    { logits: t([1, -1], [1, 2]), cam: t(cam, [1, 2, 2, 2]), ood: t([12], [1]) },
  );
}

function lungs() {
  // Whole canvas "lung" (logit 5): the mask covers the image; its area follows the pixel spacing.
  return fakeModel(
    {
      ...base('cxr-lungs', 'segmentation', 16),
      segmentation: { output: 'mask', activation: 'sigmoid', threshold: 0.5, labels: ['lung'] },
    },
    { mask: t(new Array(256).fill(5), [1, 1, 16, 16]) },
  );
}

const image = { width: 40, height: 20, data: Float32Array.from({ length: 800 }, (_, i) => i % 40), invert: false };

describe('analyzeImage', () => {
  it('runs QA first, then the chest models, and types every result', async () => {
    const models = [triage(), lungs(), qa([3, 0])];
    const result = await analyzeImage(models, image, { pixelSpacingMm: [0.5, 0.5], heatmapMaxSide: 20 });
    expect(result.models.map((m) => m.id)).toEqual(['cxr-qa', 'cxr-triage', 'cxr-lungs']);
    expect(result.skipped).toEqual([]);

    const [q, tri, lu] = result.models;
    expect(q.heads[1]).toMatchObject({ kind: 'oneof', head: 'body_part', label: 'CHEST' });
    expect(tri.heads[0]).toMatchObject({ kind: 'multilabel', findings: [{ label: 'abnormal', positive: true }, { label: 'effusion' }] });
    expect(tri.ood).toEqual({ score: 12, threshold: 10, outOfDistribution: true });
    const heat = tri.heatmaps?.abnormal;
    expect([heat?.width, heat?.height]).toEqual([20, 10]);
    expect(Math.max(...(heat?.data ?? []))).toBeLessThanOrEqual(1);
    expect(heat?.data[0]).toBeGreaterThan(heat?.data[heat.data.length - 1] ?? 1);
    expect(lu.segmentation?.[0]).toMatchObject({ label: 'lung', pixelCount: 800, areaCm2: (800 * 0.25) / 100 });
    // Same preprocessing parameters: one tensor shared by all three models.
    expect(models[0].inputs[0].data).toBe(models[2].inputs[0].data);
  });

  it('skips the chest models when QA says the image is not a chest film', async () => {
    const tri = triage();
    const result = await analyzeImage([tri, qa([0, 3])], image);
    expect(result.models.map((m) => m.id)).toEqual(['cxr-qa']);
    expect(result.skipped).toEqual([{ id: 'cxr-triage', reason: 'QA classifies the image as UPPER_LIMB, not CHEST' }]);
    expect(tri.inputs).toHaveLength(0);
  });
});
