import type { GrayImage, PixelSpacingMm } from './image';
import type { ModelManifest, ModelTask, PreprocessingSpec } from './manifest';
import { preprocessXr, type IntensityWindow, type LetterboxGeometry, type PreprocessedImage } from './preprocess';
import type { LoadedModel } from './runtime/load-model';
import type { FloatTensor } from './runtime/backend';
import { decideHead, type HeadResult } from './postprocess/decisions';
import { decideOod, type OodResult } from './postprocess/ood';
import { camToSource, normalizedCam, type SourceHeatmap } from './postprocess/gradcam';
import { detectionsToSource, type Detection } from './postprocess/detection';
import { maskAreaCm2, segmentationToSource, type SourceMask } from './postprocess/segmentation';

export interface SegmentationResult {
  label: string;
  mask: SourceMask;
  pixelCount: number;
  /** Present when the pixel spacing is known. */
  areaCm2?: number;
}

export interface ModelAnalysis {
  id: string;
  version: string;
  task: ModelTask;
  geometry: LetterboxGeometry;
  window: IntensityWindow;
  heads: HeadResult[];
  ood?: OodResult;
  /** Grad-CAM per label of the explained head, over the source image. */
  heatmaps?: Record<string, SourceHeatmap>;
  segmentation?: SegmentationResult[];
  /** Boxes of a detection model after thresholds and NMS, on the source image. */
  detections?: Detection[];
  inferenceMs: number;
}

export interface SkippedModel {
  id: string;
  reason: string;
}

export interface AnalysisResult {
  width: number;
  height: number;
  models: ModelAnalysis[];
  skipped: SkippedModel[];
}

export interface AnalyzeOptions {
  pixelSpacingMm?: PixelSpacingMm;
  /** Longest side of the Grad-CAM maps (they are coarse; the viewer scales them). */
  heatmapMaxSide?: number;
  /** False: no Grad-CAM (its output is not fetched, no heat maps). Default true. */
  explain?: boolean;
}

export function outputTensor(outputs: Record<string, FloatTensor>, name: string, model: string): FloatTensor {
  const t = outputs[name];
  if (!t) throw new Error(`${model}: output ${name} missing from the run`);
  return t;
}

/** Runs one model on an already preprocessed image and returns its raw outputs (all, or those named). */
export async function runModel(model: LoadedModel, pre: PreprocessedImage, outputNames?: readonly string[]): Promise<Record<string, FloatTensor>> {
  return model.session.run({ [model.manifest.input.name]: { data: pre.tensor, dims: pre.shape } }, outputNames);
}

/** Every output but the Grad-CAM one when explanations are off; undefined = all of them. */
function outputsToFetch(model: LoadedModel, explain: boolean): readonly string[] | undefined {
  const cam = model.manifest.explain?.output;
  return explain || !cam ? undefined : model.session.outputNames.filter((name) => name !== cam);
}

function heatmaps(
  m: ModelManifest,
  outputs: Record<string, FloatTensor>,
  g: LetterboxGeometry,
  options: AnalyzeOptions,
): Record<string, SourceHeatmap> | undefined {
  if (!m.explain || options.explain === false) return undefined;
  const cam = outputTensor(outputs, m.explain.output, m.id);
  const labels = m.heads[0]?.labels ?? [];
  return Object.fromEntries(labels.map((label, k) => [label, camToSource(normalizedCam(cam.data, cam.dims, k), g, options.heatmapMaxSide)]));
}

/** Turns the raw outputs of one model into typed results. */
export function interpretOutputs(
  m: ModelManifest,
  outputs: Record<string, FloatTensor>,
  pre: PreprocessedImage,
  options: AnalyzeOptions = {},
): Omit<ModelAnalysis, 'inferenceMs'> {
  const g = pre.geometry;
  const result: Omit<ModelAnalysis, 'inferenceMs'> = {
    id: m.id,
    version: m.version,
    task: m.task,
    geometry: g,
    window: pre.window,
    heads: m.heads.map((h) => decideHead(h, outputTensor(outputs, h.output, m.id).data)),
  };
  if (m.ood) result.ood = decideOod(outputTensor(outputs, m.ood.output, m.id).data[0], m.ood);
  const maps = heatmaps(m, outputs, g, options);
  if (maps) result.heatmaps = maps;
  const seg = m.segmentation;
  if (seg) {
    const out = outputTensor(outputs, seg.output, m.id);
    result.segmentation = seg.labels.map((label, channel) => {
      const { mask, pixelCount } = segmentationToSource(out.data, out.dims, channel, g, seg.threshold);
      const r: SegmentationResult = { label, mask, pixelCount };
      if (options.pixelSpacingMm) r.areaCm2 = maskAreaCm2(r.pixelCount, options.pixelSpacingMm);
      return r;
    });
  }
  const det = m.detection;
  if (det) result.detections = detectionsToSource(outputTensor(outputs, det.boxes.output, m.id), outputTensor(outputs, det.scores.output, m.id), det, g);
  return result;
}

/** The top body-part label from a QA result, if the model has such a head. */
export function bodyPart(analysis: ModelAnalysis): string | undefined {
  const head = analysis.heads.find((h) => h.head === 'body_part');
  return head?.kind === 'oneof' ? head.label : undefined;
}

export const notChestReason = (part: string) => `QA classifies the image as ${part}, not CHEST`;

function specKey(spec: PreprocessingSpec): string {
  return JSON.stringify([spec.id, spec.size, spec.window, spec.normalize]);
}

/**
 * Runs the models on one image: QA models first; when QA says the image is not a chest film the chest
 * models are skipped with the reason. Preprocessing is shared between models with the same parameters.
 */
export async function analyzeImage(models: LoadedModel[], image: GrayImage, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const ordered = [...models].sort((a, b) => Number(b.manifest.task === 'qa') - Number(a.manifest.task === 'qa'));
  const cache = new Map<string, PreprocessedImage>();
  const result: AnalysisResult = { width: image.width, height: image.height, models: [], skipped: [] };
  let part: string | undefined;
  for (const model of ordered) {
    const m = model.manifest;
    if (m.task !== 'qa' && part !== undefined && part !== 'CHEST') {
      result.skipped.push({ id: m.id, reason: notChestReason(part) });
      continue;
    }
    const key = specKey(m.preprocessing);
    const pre = cache.get(key) ?? preprocessXr(image, m.preprocessing);
    cache.set(key, pre);
    const start = performance.now();
    const outputs = await runModel(model, pre, outputsToFetch(model, options.explain !== false));
    const inferenceMs = performance.now() - start;
    const analysis: ModelAnalysis = { ...interpretOutputs(m, outputs, pre, options), inferenceMs };
    result.models.push(analysis);
    if (m.task === 'qa') part = bodyPart(analysis) ?? part;
  }
  return result;
}
