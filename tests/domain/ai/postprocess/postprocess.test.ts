import { describe, expect, it } from 'vitest';
import { headProbabilities, sigmoid, softmax } from '../../../../src/domain/ai/postprocess/activation';
import { decideHead } from '../../../../src/domain/ai/postprocess/decisions';
import { decideOod } from '../../../../src/domain/ai/postprocess/ood';
import { camToSource, normalizedCam } from '../../../../src/domain/ai/postprocess/gradcam';
import { maskAreaCm2, segmentationToSource } from '../../../../src/domain/ai/postprocess/segmentation';
import { letterboxGeometry } from '../../../../src/domain/ai/preprocess';
import type { Head } from '../../../../src/domain/ai/manifest';

const triageHead: Head = {
  output: 'logits',
  activation: 'sigmoid',
  labels: ['abnormal', 'effusion'],
  calibration: { method: 'temperature', temperature: [2, 1] },
  thresholds: { abnormal: { value: 0.6, operatingPoint: 'sens 0.9' } },
  clinicalClass: { effusion: 'urgent' },
};

describe('calibrated activations', () => {
  it('sigmoid is stable for large magnitudes', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
  it('divides each sigmoid logit by its temperature', () => {
    const [a, e] = headProbabilities(triageHead, [2, 2]);
    expect(a).toBeCloseTo(sigmoid(1), 12);
    expect(e).toBeCloseTo(sigmoid(2), 12);
  });
  it('applies Platt scaling per label: sigmoid(slope · z + intercept)', () => {
    const head: Head = { ...triageHead, calibration: { method: 'platt', slope: [1.5, 0.5], intercept: [-1, 2] } };
    const [a, e] = headProbabilities(head, [2, -2]);
    expect(a).toBeCloseTo(sigmoid(2), 12);
    expect(e).toBeCloseTo(sigmoid(1), 12);
  });
  it('applies one temperature to a softmax head', () => {
    const head: Head = { output: 'p', activation: 'softmax', labels: ['PA', 'AP'], calibration: { method: 'temperature', temperature: 2 } };
    const probs = headProbabilities(head, [2, 0]);
    expect(probs[0]).toBeCloseTo(softmax([1, 0])[0], 12);
    expect(probs[0] + probs[1]).toBeCloseTo(1, 12);
  });
  it('refuses a logit count that does not match the labels', () => {
    expect(() => headProbabilities(triageHead, [1])).toThrow(/1 logits for 2 labels/);
  });
});

describe('decisions', () => {
  it.each([
    { logit: 2 * Math.log(0.6 / 0.4), positive: true },
    { logit: 0.8, positive: false },
  ])('abnormal at logit $logit is positive: $positive', ({ logit, positive }) => {
    const r = decideHead(triageHead, [logit, 0]);
    if (r.kind !== 'multilabel') throw new Error('expected a multilabel result');
    expect(r.findings[0]).toMatchObject({ label: 'abnormal', threshold: 0.6, positive, operatingPoint: 'sens 0.9' });
    expect(r.findings[1]).toEqual({ label: 'effusion', probability: 0.5, clinicalClass: 'urgent' });
  });
  it('one-of heads give the top label and all probabilities', () => {
    const r = decideHead({ output: 'rotation', activation: 'softmax', labels: ['0', '90', '180', '270'] }, [0, 3, 1, 0]);
    expect(r).toMatchObject({ kind: 'oneof', head: 'rotation', label: '90' });
    if (r.kind === 'oneof') expect(Object.values(r.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it.each([
    { score: 10, ood: false },
    { score: 10.5, ood: true },
  ])('OOD score $score vs threshold 10 → $ood', ({ score, ood }) => {
    expect(decideOod(score, { output: 'ood', threshold: 10 }).outOfDistribution).toBe(ood);
  });
});

describe('Grad-CAM', () => {
  it('applies ReLU and max-normalises one class plane', () => {
    const cam = Float32Array.from([/* class 0 */ -1, 2, 4, 0, /* class 1 */ -3, -2, -1, -5]);
    expect(Array.from(normalizedCam(cam, [1, 2, 2, 2], 0).data)).toEqual([0, 0.5, 1, 0]);
    expect(Array.from(normalizedCam(cam, [1, 2, 2, 2], 1).data)).toEqual([0, 0, 0, 0]);
    expect(() => normalizedCam(cam, [1, 2, 2, 2], 2)).toThrow(/no class 2/);
  });
  it('lands the hot cell on the matching part of the source image', () => {
    // 200×100 source on a 100² canvas: content rows 25..74. A 2×2 CAM hot in its top-left cell
    // must be hot at the source's top-left and cold at its bottom-right.
    const g = letterboxGeometry(200, 100, 100, 2);
    const map = camToSource({ width: 2, height: 2, data: Float32Array.from([1, 0, 0, 0]) }, g, 200);
    expect([map.width, map.height]).toEqual([200, 100]);
    expect(map.data[0]).toBeGreaterThan(0.9);
    expect(map.data[map.data.length - 1]).toBeLessThan(0.1);
    expect(camToSource({ width: 2, height: 2, data: new Float32Array(4) }, g, 50).width).toBe(50);
  });
});

describe('segmentation back to the source', () => {
  it('thresholds the sampled probability at source resolution and measures area', () => {
    // 8×4 source on an 8² canvas (k = 1, content rows 2..5). Logits: left half of the canvas lung.
    const g = letterboxGeometry(8, 4, 8, 1);
    const logits = new Float32Array(64).map((_, i) => (i % 8 < 4 ? 10 : -10));
    const { mask, pixelCount } = segmentationToSource(logits, [1, 1, 8, 8], 0, g, 0.5);
    expect([mask.width, mask.height]).toEqual([8, 4]);
    expect(Array.from(mask.data.subarray(0, 8))).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(pixelCount).toBe(mask.data.reduce((sum, v) => sum + v, 0));
    expect(maskAreaCm2(pixelCount, [0.5, 2])).toBeCloseTo((16 * 0.5 * 2) / 100, 12);
  });
  it('refuses an output that does not match the canvas', () => {
    expect(() => segmentationToSource(new Float32Array(16), [1, 1, 4, 4], 0, letterboxGeometry(8, 4, 8, 1), 0.5)).toThrow(/do not fit/);
  });
});
