import type { EvalRow } from './eval/rows';
import type { QuantizationSpec } from './quantization';

/** Model manifest `<id>.json` (models/README.md). Validate untrusted JSON with `validateManifest`. */
export type ModelTask = 'classification' | 'qa' | 'segmentation' | 'detection';
export type HeadActivation = 'sigmoid' | 'softmax';

export interface TensorSpec {
  name: string;
  shape: number[];
  layout: 'NCHW';
  dtype: 'float32';
}

export interface PreprocessingSpec {
  id: string;
  size: number;
  window: { method: 'percentile'; low: number; high: number };
  normalize: { mean: number; std: number };
}

export interface OperatingPointStats {
  sensitivity: number;
  sensitivityCI95: [number, number];
  specificity: number;
  specificityCI95: [number, number];
  nPositive: number;
  nNegative: number;
  /** Data set and split the figures come from, e.g. "cxr_nih14_256 val". */
  dataset?: string;
}

/** `screen`: high sensitivity (a finding is hard to miss); `flag`: high specificity (a call means something). */
export const OPERATING_POINT_NAMES = ['screen', 'flag'] as const;
export type OperatingPointName = (typeof OPERATING_POINT_NAMES)[number];

/** One named operating point of a label, chosen on val by `rule` (tools/models-points.ts). */
export interface NamedOperatingPoint {
  /** Threshold on the calibrated probability; positive = probability ≥ value. */
  value: number;
  /** How it was chosen, e.g. "specificity ≥ 0.9 on val". */
  rule: string;
  val: OperatingPointStats;
  /** Reported only, never used to choose. */
  test?: OperatingPointStats;
}

export interface LabelThreshold {
  /** The decision threshold: the product calls a label positive at this value. */
  value: number;
  /** Name (a key of `points`) or description of the decision point. */
  operatingPoint?: string;
  val?: OperatingPointStats;
  /** Named operating points; `value` equals the one `operatingPoint` names. */
  points?: Partial<Record<OperatingPointName, NamedOperatingPoint>>;
}

/**
 * Temperature: `z / T`, one T per label (sigmoid) or a single value (softmax). Platt (sigmoid heads only):
 * `slope · z + intercept` per label, which also corrects a base-rate shift a temperature cannot.
 */
export type Calibration =
  { method: 'temperature'; temperature: number | number[]; note?: string } | { method: 'platt'; slope: number[]; intercept: number[]; note?: string };

export interface Head {
  /** ONNX output carrying this head's logits. */
  output: string;
  /** Key of the head in results (QA: projection, rotation, flip, body_part); defaults to `output`. */
  name?: string;
  activation: HeadActivation;
  labels: string[];
  calibration?: Calibration;
  thresholds?: Record<string, LabelThreshold>;
  clinicalClass?: Record<string, string>;
}

export interface ExplainSpec {
  method: 'gradcam';
  output: string;
  shape: number[];
  note?: string;
}

export interface OodSpec {
  output: string;
  threshold: number;
  score?: string;
  note?: string;
}

export interface SegmentationSpec {
  output: string;
  activation: 'sigmoid';
  threshold: number;
  labels: string[];
}

/**
 * A detector's outputs: `boxes` [1, N, 4] on the model canvas normalised to [0, 1] of the input side
 * (`xyxy` = x0, y0, x1, y1; `cxcywh` = centre and size), `scores` [1, N, C], one column per label.
 */
export interface DetectionSpec {
  boxes: { output: string; format: 'xyxy' | 'cxcywh' };
  scores: { output: string; activation: 'sigmoid' | 'none' };
  labels: string[];
  /** A box is kept when its label's score (after the activation) is ≥ this value. */
  thresholds: Record<string, number>;
  /** Greedy non-maximum suppression; `classAware`: only boxes of the same label suppress each other. */
  nms: { iouThreshold: number; maxBoxes: number; classAware: boolean };
}

export interface ModelManifest {
  id: string;
  version: string;
  task: ModelTask;
  file: string;
  sha256: string;
  bytes: number;
  input: TensorSpec;
  preprocessing: PreprocessingSpec;
  heads: Head[];
  explain?: ExplainSpec | null;
  ood?: OodSpec | null;
  segmentation?: SegmentationSpec | null;
  detection?: DetectionSpec | null;
  /** Rows of models/training/evaluate.py by split group (test, val, external, …). */
  metrics?: Partial<Record<string, EvalRow[]>>;
  training?: unknown;
  /** Only in a quantized variant's manifest (quantization.ts). */
  quantization?: QuantizationSpec;
}

export function headName(head: Head): string {
  return head.name ?? head.output;
}

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(`invalid model manifest ${source}:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ManifestError';
  }
}

/** Collects every problem with its JSON path so one run shows them all. */
class Checker {
  readonly issues: string[] = [];

  private fail(path: string, expected: string, value: unknown): undefined {
    this.issues.push(`${path}: expected ${expected}, got ${JSON.stringify(value) ?? 'undefined'}`);
    return undefined;
  }

  object(path: string, v: unknown): Record<string, unknown> | undefined {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : this.fail(path, 'an object', v);
  }

  string(path: string, v: unknown, pattern?: RegExp): void {
    if (typeof v !== 'string' || v.length === 0 || (pattern && !pattern.test(v)))
      this.fail(path, pattern ? `a string matching ${pattern}` : 'a non-empty string', v);
  }

  number(path: string, v: unknown, min = -Infinity, max = Infinity): void {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.fail(path, `a number in [${min}, ${max}]`, v);
  }

  integer(path: string, v: unknown, min: number): void {
    if (!Number.isInteger(v) || (v as number) < min) this.fail(path, `an integer ≥ ${min}`, v);
  }

  oneOf(path: string, v: unknown, allowed: readonly string[]): void {
    if (!allowed.includes(v as string)) this.fail(path, `one of ${allowed.join(' | ')}`, v);
  }

  array(path: string, v: unknown, minLength = 1): unknown[] | undefined {
    return Array.isArray(v) && v.length >= minLength ? v : this.fail(path, `an array of ≥ ${minLength} items`, v);
  }

  /** Optional sections may be absent or null. */
  optionalObject(path: string, v: unknown): Record<string, unknown> | undefined {
    return v === undefined || v === null ? undefined : this.object(path, v);
  }
}

function checkCalibration(c: Checker, path: string, calibration: Record<string, unknown>, activation: unknown, nLabels: number): void {
  c.oneOf(`${path}.method`, calibration.method, ['temperature', 'platt']);
  /** One value per label of a sigmoid head. */
  const perLabel = (key: string, min: number) => {
    const v = calibration[key];
    if (!Array.isArray(v) || activation !== 'sigmoid' || v.length !== nLabels) {
      c.issues.push(`${path}.${key}: a list needs a sigmoid head and one value per label (${nLabels}), got ${Array.isArray(v) ? v.length : JSON.stringify(v)}`);
      return;
    }
    v.forEach((x, i) => c.number(`${path}.${key}[${i}]`, x, min));
  };
  if (calibration.method === 'platt') {
    // a positive slope keeps the ranking, so AUCs and operating points keep their meaning
    perLabel('slope', 1e-6);
    perLabel('intercept', -Infinity);
  } else if (Array.isArray(calibration.temperature)) {
    perLabel('temperature', 1e-6);
  } else {
    c.number(`${path}.temperature`, calibration.temperature, 1e-6);
  }
}

function checkHead(c: Checker, path: string, raw: unknown): void {
  const head = c.object(path, raw);
  if (!head) return;
  c.string(`${path}.output`, head.output);
  if (head.name !== undefined) c.string(`${path}.name`, head.name);
  c.oneOf(`${path}.activation`, head.activation, ['sigmoid', 'softmax']);
  const labels = c.array(`${path}.labels`, head.labels) ?? [];
  labels.forEach((l, i) => c.string(`${path}.labels[${i}]`, l));
  const calibration = c.optionalObject(`${path}.calibration`, head.calibration);
  if (calibration) checkCalibration(c, `${path}.calibration`, calibration, head.activation, labels.length);
  const thresholds = c.optionalObject(`${path}.thresholds`, head.thresholds) ?? {};
  for (const [label, th] of Object.entries(thresholds)) {
    const p = `${path}.thresholds.${label}`;
    if (!labels.includes(label)) c.issues.push(`${p}: "${label}" is not one of the head's labels`);
    const t = c.object(p, th);
    if (t) {
      c.number(`${p}.value`, t.value, 0, 1);
      checkPoints(c, p, t);
    }
  }
}

function checkStats(c: Checker, path: string, raw: unknown): void {
  const s = c.object(path, raw);
  if (!s) return;
  for (const key of ['sensitivity', 'specificity']) {
    c.number(`${path}.${key}`, s[key], 0, 1);
    const ci = c.array(`${path}.${key}CI95`, s[`${key}CI95`], 2);
    ci?.forEach((x, i) => c.number(`${path}.${key}CI95[${i}]`, x, 0, 1));
  }
  c.integer(`${path}.nPositive`, s.nPositive, 0);
  c.integer(`${path}.nNegative`, s.nNegative, 0);
}

/** Named points: known names, each a threshold with its val figures; the decision `value` is one of them. */
function checkPoints(c: Checker, path: string, threshold: Record<string, unknown>): void {
  const points = c.optionalObject(`${path}.points`, threshold.points);
  if (!points) return;
  for (const [name, raw] of Object.entries(points)) {
    const p = `${path}.points.${name}`;
    c.oneOf(p, name, OPERATING_POINT_NAMES);
    const point = c.object(p, raw);
    if (!point) continue;
    c.number(`${p}.value`, point.value, 0, 1);
    c.string(`${p}.rule`, point.rule);
    checkStats(c, `${p}.val`, point.val);
    if (point.test !== undefined) checkStats(c, `${p}.test`, point.test);
  }
  const decision = points[threshold.operatingPoint as string] as Record<string, unknown> | undefined;
  if (!decision)
    c.issues.push(
      `${path}.operatingPoint: expected one of the named points (${Object.keys(points).join(', ')}), got ${JSON.stringify(threshold.operatingPoint)}`,
    );
  else if (decision.value !== threshold.value)
    c.issues.push(`${path}.value: ${String(threshold.value)} differs from points.${String(threshold.operatingPoint)}.value ${String(decision.value)}`);
}

function checkDetection(c: Checker, raw: Record<string, unknown>): void {
  const boxes = c.object('detection.boxes', raw.boxes);
  if (boxes) {
    c.string('detection.boxes.output', boxes.output);
    c.oneOf('detection.boxes.format', boxes.format, ['xyxy', 'cxcywh']);
  }
  const scores = c.object('detection.scores', raw.scores);
  if (scores) {
    c.string('detection.scores.output', scores.output);
    c.oneOf('detection.scores.activation', scores.activation, ['sigmoid', 'none']);
  }
  const labels = c.array('detection.labels', raw.labels) ?? [];
  labels.forEach((l, i) => c.string(`detection.labels[${i}]`, l));
  const thresholds = c.object('detection.thresholds', raw.thresholds) ?? {};
  for (const label of labels) if (!(String(label) in thresholds)) c.issues.push(`detection.thresholds: no score threshold for label "${String(label)}"`);
  for (const [label, value] of Object.entries(thresholds)) {
    if (!labels.includes(label)) c.issues.push(`detection.thresholds.${label}: "${label}" is not one of detection.labels`);
    c.number(`detection.thresholds.${label}`, value, 0, 1);
  }
  const nms = c.object('detection.nms', raw.nms);
  if (nms) {
    c.number('detection.nms.iouThreshold', nms.iouThreshold, 0, 1);
    c.integer('detection.nms.maxBoxes', nms.maxBoxes, 1);
    if (typeof nms.classAware !== 'boolean') c.issues.push(`detection.nms.classAware: expected true or false, got ${JSON.stringify(nms.classAware)}`);
  }
}

/** Checks untrusted manifest JSON; throws a ManifestError listing every problem with its path. */
export function validateManifest(raw: unknown, source = 'manifest'): ModelManifest {
  const c = new Checker();
  const m = c.object('$', raw);
  if (!m) throw new ManifestError(source, c.issues);
  c.string('id', m.id);
  c.string('version', m.version);
  c.oneOf('task', m.task, ['classification', 'qa', 'segmentation', 'detection']);
  c.string('file', m.file, /\.onnx$/);
  c.string('sha256', m.sha256, /^[0-9a-f]{64}$/);
  c.integer('bytes', m.bytes, 1);

  const input = c.object('input', m.input);
  if (input) {
    c.string('input.name', input.name);
    c.oneOf('input.layout', input.layout, ['NCHW']);
    c.oneOf('input.dtype', input.dtype, ['float32']);
    const shape = c.array('input.shape', input.shape, 4);
    if (shape && !(shape.length === 4 && shape[0] === 1 && shape[1] === 1 && shape[2] === shape[3] && Number.isInteger(shape[2]))) {
      c.issues.push(`input.shape: expected [1, 1, S, S], got ${JSON.stringify(shape)}`);
    }
  }

  const pre = c.object('preprocessing', m.preprocessing);
  if (pre) {
    c.string('preprocessing.id', pre.id);
    c.integer('preprocessing.size', pre.size, 8);
    if (input && Array.isArray(input.shape) && pre.size !== input.shape[2]) {
      c.issues.push(`preprocessing.size: ${String(pre.size)} differs from input.shape[2] ${String(input.shape[2])}`);
    }
    const win = c.object('preprocessing.window', pre.window);
    if (win) {
      c.oneOf('preprocessing.window.method', win.method, ['percentile']);
      c.number('preprocessing.window.low', win.low, 0, 100);
      c.number('preprocessing.window.high', win.high, 0, 100);
      if (typeof win.low === 'number' && typeof win.high === 'number' && win.low >= win.high) {
        c.issues.push(`preprocessing.window: low ${win.low} must be below high ${win.high}`);
      }
    }
    const norm = c.object('preprocessing.normalize', pre.normalize);
    if (norm) {
      c.number('preprocessing.normalize.mean', norm.mean);
      c.number('preprocessing.normalize.std', norm.std, 1e-9);
    }
  }

  const heads = Array.isArray(m.heads) ? m.heads : (c.array('heads', m.heads, 0) ?? []);
  heads.forEach((h, i) => checkHead(c, `heads[${i}]`, h));

  const explain = c.optionalObject('explain', m.explain);
  if (explain) {
    c.oneOf('explain.method', explain.method, ['gradcam']);
    c.string('explain.output', explain.output);
    c.array('explain.shape', explain.shape, 4);
  }
  const ood = c.optionalObject('ood', m.ood);
  if (ood) {
    c.string('ood.output', ood.output);
    c.number('ood.threshold', ood.threshold);
  }
  const seg = c.optionalObject('segmentation', m.segmentation);
  if (seg) {
    c.string('segmentation.output', seg.output);
    c.oneOf('segmentation.activation', seg.activation, ['sigmoid']);
    c.number('segmentation.threshold', seg.threshold, 0, 1);
    c.array('segmentation.labels', seg.labels);
  }
  const detection = c.optionalObject('detection', m.detection);
  if (detection) checkDetection(c, detection);
  if (m.task === 'segmentation' && !seg) c.issues.push('segmentation: required when task is "segmentation"');
  if (m.task === 'detection' && !detection) c.issues.push('detection: required when task is "detection"');
  if ((m.task === 'classification' || m.task === 'qa') && heads.length === 0) c.issues.push('heads: a classification or QA model needs at least one head');

  const metrics = c.optionalObject('metrics', m.metrics) ?? {};
  for (const [group, rows] of Object.entries(metrics)) {
    (c.array(`metrics.${group}`, rows, 0) ?? []).forEach((r, i) => {
      const p = `metrics.${group}[${i}]`;
      const row = c.object(p, r);
      if (!row) return;
      for (const key of ['model', 'task', 'metric', 'dataset', 'split']) c.string(`${p}.${key}`, row[key]);
      c.number(`${p}.value`, row.value);
      c.integer(`${p}.n`, row.n, 0);
    });
  }

  const q = c.optionalObject('quantization', m.quantization);
  if (q) {
    c.string('quantization.source.sha256', c.object('quantization.source', q.source)?.sha256, /^[0-9a-f]{64}$/);
    c.array('quantization.accuracy', q.accuracy, 0)?.forEach((r, i) => {
      const row = c.object(`quantization.accuracy[${i}]`, r);
      for (const key of ['float', 'quantized', 'loss', 'limit']) if (row) c.number(`quantization.accuracy[${i}].${key}`, row[key]);
    });
    if (typeof q.passed !== 'boolean') c.issues.push(`quantization.passed: expected a boolean, got ${JSON.stringify(q.passed)}`);
  }

  if (c.issues.length > 0) throw new ManifestError(source, c.issues);
  return raw as ModelManifest;
}
