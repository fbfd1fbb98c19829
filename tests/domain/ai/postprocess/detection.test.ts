import { describe, expect, it } from 'vitest';
import type { DetectionSpec } from '../../../../src/domain/ai/manifest';
import { letterboxGeometry } from '../../../../src/domain/ai/preprocess';
import { boxToSource, type Candidate, decodeCandidates, detectionsToSource, iou, nonMaximumSuppression } from '../../../../src/domain/ai/postprocess/detection';

const spec = (over: Partial<DetectionSpec> = {}): DetectionSpec => ({
  boxes: { output: 'boxes', format: 'xyxy' },
  scores: { output: 'scores', activation: 'none' },
  labels: ['nodule', 'mass'],
  thresholds: { nodule: 0.5, mass: 0.3 },
  nms: { iouThreshold: 0.5, maxBoxes: 10, classAware: true },
  ...over,
});
const tensor = (values: number[], dims: number[]) => ({ data: Float32Array.from(values), dims });
const box = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });
const candidate = (label: string, score: number, b = box(0, 0, 10, 10)): Candidate => ({ label, score, box: b });

describe('iou', () => {
  it.each([
    { name: 'same box', a: box(0, 0, 10, 10), b: box(0, 0, 10, 10), expected: 1 },
    { name: 'disjoint', a: box(0, 0, 10, 10), b: box(20, 20, 30, 30), expected: 0 },
    // 5×10 shared, 100 + 100 − 50 united
    { name: 'half shifted', a: box(0, 0, 10, 10), b: box(5, 0, 15, 10), expected: 50 / 150 },
    { name: 'inside', a: box(0, 0, 10, 10), b: box(0, 0, 5, 5), expected: 25 / 100 },
    { name: 'empty boxes', a: box(0, 0, 0, 0), b: box(0, 0, 0, 0), expected: 0 },
  ])('$name', ({ a, b, expected }) => expect(iou(a, b)).toBeCloseTo(expected, 10));
});

describe('nonMaximumSuppression', () => {
  const nms = (over: Partial<DetectionSpec['nms']>) => ({ ...spec().nms, ...over });

  it('keeps the highest of overlapping boxes and a distant one, best first', () => {
    const kept = nonMaximumSuppression(
      [candidate('nodule', 0.6, box(1, 0, 11, 10)), candidate('nodule', 0.9), candidate('nodule', 0.7, box(50, 50, 60, 60))],
      nms({}),
    );
    expect(kept.map((c) => c.score)).toEqual([0.9, 0.7]);
  });

  it('class-aware: another label is not suppressed; class-agnostic: it is', () => {
    const candidates = [candidate('nodule', 0.9), candidate('mass', 0.8)];
    expect(nonMaximumSuppression(candidates, nms({ classAware: true })).map((c) => c.label)).toEqual(['nodule', 'mass']);
    expect(nonMaximumSuppression(candidates, nms({ classAware: false })).map((c) => c.label)).toEqual(['nodule']);
  });

  it('suppresses only above the IoU threshold (1/3 overlap here)', () => {
    const candidates = [candidate('nodule', 0.9), candidate('nodule', 0.8, box(5, 0, 15, 10))];
    expect(nonMaximumSuppression(candidates, nms({ iouThreshold: 0.3 }))).toHaveLength(1);
    expect(nonMaximumSuppression(candidates, nms({ iouThreshold: 0.34 }))).toHaveLength(2);
  });

  it('stops at maxBoxes', () => {
    const far = [0, 1, 2, 3].map((i) => candidate('nodule', 0.9 - i / 10, box(i * 20, 0, i * 20 + 10, 10)));
    expect(nonMaximumSuppression(far, nms({ maxBoxes: 2 })).map((c) => c.score)).toEqual([0.9, 0.8]);
  });
});

describe('decodeCandidates', () => {
  it('applies each label its threshold, scales to the canvas and orders corners', () => {
    // box 0: nodule 0.6 (kept), mass 0.2 (< 0.3); box 1 corners given swapped: mass 0.3 (kept, ≥ is enough)
    const boxes = tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.25, 0.25], [1, 2, 4]);
    const scores = tensor([0.6, 0.2, 0.1, 0.3], [1, 2, 2]);
    expect(decodeCandidates(boxes, scores, spec(), 100)).toEqual([
      {
        label: 'nodule',
        score: expect.closeTo(0.6, 6) as number,
        box: { x0: expect.closeTo(10, 4), y0: expect.closeTo(20, 4), x1: expect.closeTo(30, 4), y1: expect.closeTo(40, 4) },
      },
      { label: 'mass', score: expect.closeTo(0.3, 6) as number, box: { x0: 25, y0: 25, x1: 50, y1: 50 } },
    ]);
  });

  it('reads centre-size boxes and sigmoid logits', () => {
    const s = spec({
      boxes: { output: 'boxes', format: 'cxcywh' },
      scores: { output: 'scores', activation: 'sigmoid' },
      labels: ['nodule'],
      thresholds: { nodule: 0.5 },
    });
    // logit 0 → 0.5 kept, logit −1 → 0.27 dropped
    const found = decodeCandidates(tensor([0.5, 0.5, 0.2, 0.4, 0.5, 0.5, 1, 1], [1, 2, 4]), tensor([0, -1], [1, 2, 1]), s, 10);
    expect(found.map((c) => ({ ...c, box: Object.values(c.box).map((v) => Math.round(v * 1e4) / 1e4) }))).toEqual([
      { label: 'nodule', score: 0.5, box: [4, 3, 6, 7] },
    ]);
  });

  it('names the shapes when the outputs do not fit the labels', () => {
    expect(() => decodeCandidates(tensor([0, 0, 1, 1], [1, 1, 4]), tensor([0.9], [1, 1, 1]), spec(), 10)).toThrow(
      'detection outputs boxes [1,1,4] and scores [1,1,1] do not fit [1, N, 4] and [1, N, 2]',
    );
  });
});

describe('boxToSource', () => {
  it('a square image: canvas pixels scale by source / canvas', () => {
    // 256² source on a 128 canvas, no box step: canvas pixel 75 starts at source pixel 150
    const g = letterboxGeometry(256, 256, 128, 1);
    expect(boxToSource(box(75, 30, 95, 50), g)).toEqual({ kind: 'box', x: 150, y: 60, width: 40, height: 40 });
  });

  it('a wide image: the letterbox offset comes off the rows, and padding is clipped', () => {
    // 300×200 on 60: scale 0.2, content 60×40 at oy = 10
    const g = letterboxGeometry(300, 200, 60, 1);
    expect(g).toMatchObject({ nw: 60, nh: 40, ox: 0, oy: 10 });
    const region = boxToSource(box(6, 5, 12, 20), g);
    expect(region?.x).toBeCloseTo(30, 6);
    expect(region?.y).toBe(0); // rows 5–10 are padding
    expect(region?.width).toBeCloseTo(30, 6);
    expect(region?.height).toBeCloseTo(50, 6);
  });

  it('a box entirely on the padding is no box', () => {
    expect(boxToSource(box(0, 0, 60, 8), letterboxGeometry(300, 200, 60, 1))).toBeNull();
  });
});

it('detectionsToSource: threshold, NMS and mapping together', () => {
  const g = letterboxGeometry(200, 200, 100, 1);
  const s = spec({ labels: ['nodule'], thresholds: { nodule: 0.5 } });
  const boxes = tensor([0.1, 0.1, 0.3, 0.3, 0.11, 0.1, 0.31, 0.3, 0, 0, 1, 1], [1, 3, 4]);
  const found = detectionsToSource(boxes, tensor([0.9, 0.8, 0.1], [1, 3, 1]), s, g);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ label: 'nodule', threshold: 0.5 });
  expect(found[0].score).toBeCloseTo(0.9, 6);
  expect(found[0].region.x).toBeCloseTo(20, 4);
  expect(found[0].region.width).toBeCloseTo(40, 4);
});
