import type { ImageRegion } from '../../dicom/sr/references';
import type { DetectionSpec } from '../manifest';
import type { FloatTensor } from '../runtime/backend';
import { modelToSource, type LetterboxGeometry } from '../preprocess';
import { sigmoid } from './activation';

/** An axis-aligned box as corners: x0 ≤ x1, y0 ≤ y1. */
export interface Corners {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Candidate {
  label: string;
  score: number;
  /** On the model canvas, in pixels (0 = the canvas's left edge, S = its right edge). */
  box: Corners;
}

/** One kept box on the source image, in DICOM image coordinates (0, 0 = top left corner of the top left pixel). */
export interface Detection {
  label: string;
  score: number;
  threshold: number;
  region: Extract<ImageRegion, { kind: 'box' }>;
}

function area(b: Corners): number {
  return Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);
}

export function iou(a: Corners, b: Corners): number {
  const inter = area({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy NMS: highest score first; a box overlapping a kept one by IoU > `iouThreshold` is dropped. */
export function nonMaximumSuppression(candidates: readonly Candidate[], nms: DetectionSpec['nms']): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (kept.length >= nms.maxBoxes) break;
    const suppressed = kept.some((k) => (!nms.classAware || k.label === c.label) && iou(k.box, c.box) > nms.iouThreshold);
    if (!suppressed) kept.push(c);
  }
  return kept;
}

function cornersOf(b: Float32Array, i: number, format: DetectionSpec['boxes']['format'], size: number): Corners {
  const [p, q, r, s] = [b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]].map((v) => v * size);
  if (format === 'xyxy') return { x0: Math.min(p, r), y0: Math.min(q, s), x1: Math.max(p, r), y1: Math.max(q, s) };
  return { x0: p - r / 2, y0: q - s / 2, x1: p + r / 2, y1: q + s / 2 };
}

/** Every (box, label) pair scoring at or above its label's threshold, on the model canvas. */
export function decodeCandidates(boxes: FloatTensor, scores: FloatTensor, spec: DetectionSpec, size: number): Candidate[] {
  const n = boxes.dims[1];
  const classes = spec.labels.length;
  if (boxes.dims.length !== 3 || boxes.dims[2] !== 4 || scores.dims.length !== 3 || scores.dims[1] !== n || scores.dims[2] !== classes) {
    throw new Error(
      `detection outputs boxes ${JSON.stringify(boxes.dims)} and scores ${JSON.stringify(scores.dims)} do not fit [1, N, 4] and [1, N, ${classes}]`,
    );
  }
  const out: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < classes; k++) {
      const raw = scores.data[i * classes + k];
      const score = spec.scores.activation === 'sigmoid' ? sigmoid(raw) : raw;
      const label = spec.labels[k];
      if (score >= spec.thresholds[label]) out.push({ label, score, box: cornersOf(boxes.data, i, spec.boxes.format, size) });
    }
  }
  return out;
}

/**
 * A canvas box back through the letterbox onto the source image, clipped to it. Canvas edges are
 * pixel centres − 0.5 (modelToSource maps centres), and DICOM coordinates put pixel centres at +0.5.
 */
export function boxToSource(box: Corners, g: LetterboxGeometry): Detection['region'] | null {
  const a = modelToSource(g, box.x0 - 0.5, box.y0 - 0.5);
  const b = modelToSource(g, box.x1 - 0.5, box.y1 - 0.5);
  const x0 = Math.max(0, a.x + 0.5);
  const y0 = Math.max(0, a.y + 0.5);
  const x1 = Math.min(g.sourceWidth, b.x + 0.5);
  const y1 = Math.min(g.sourceHeight, b.y + 0.5);
  return x1 > x0 && y1 > y0 ? { kind: 'box', x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** Decoding, NMS and the inverse letterbox: the boxes a detection model reports on the source image. */
export function detectionsToSource(boxes: FloatTensor, scores: FloatTensor, spec: DetectionSpec, g: LetterboxGeometry): Detection[] {
  return nonMaximumSuppression(decodeCandidates(boxes, scores, spec, g.size), spec.nms).flatMap((c) => {
    const region = boxToSource(c.box, g);
    return region ? [{ label: c.label, score: c.score, threshold: spec.thresholds[c.label], region }] : [];
  });
}
