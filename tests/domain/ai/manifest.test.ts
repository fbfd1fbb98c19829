import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManifestError, validateManifest } from '../../../src/domain/ai/manifest';

const stats = { sensitivity: 0.9, sensitivityCI95: [0.8, 0.95], specificity: 0.5, specificityCI95: [0.4, 0.6], nPositive: 20, nNegative: 30 };
const namedPoint = (value: number) => ({ value, rule: 'specificity ≥ 0.9 on x val', val: stats, test: stats });

function validTriage(): Record<string, unknown> {
  return {
    id: 'cxr-triage',
    version: '1.0.0',
    task: 'classification',
    file: 'cxr-triage.onnx',
    sha256: 'a'.repeat(64),
    bytes: 1234,
    input: { name: 'image', shape: [1, 1, 224, 224], layout: 'NCHW', dtype: 'float32' },
    preprocessing: { id: 'dokuei-xr-v1', size: 224, window: { method: 'percentile', low: 0.5, high: 99.5 }, normalize: { mean: 0.5, std: 0.25 } },
    heads: [
      {
        output: 'logits',
        activation: 'sigmoid',
        labels: ['abnormal', 'effusion'],
        calibration: { method: 'temperature', temperature: [1.3, 1.1] },
        thresholds: {
          abnormal: { value: 0.42, operatingPoint: 'sens≈0.90 on val' },
          effusion: { value: 0.7, operatingPoint: 'flag', points: { screen: namedPoint(0.1), flag: namedPoint(0.7) } },
        },
      },
    ],
    explain: { method: 'gradcam', output: 'cam', shape: [1, 2, 7, 7] },
    ood: { output: 'ood', threshold: 123.4 },
    segmentation: null,
    metrics: { test: [{ model: 'cxr-triage', task: 'abnormal', metric: 'auc', value: 0.9, n: 10, nPositive: 5, dataset: 'x', split: 'test' }] },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- mutations reach into any part of a parsed manifest
type Mutation = (m: Record<string, any>) => void;

describe('validateManifest', () => {
  it('accepts a complete manifest', () => {
    expect(validateManifest(validTriage()).id).toBe('cxr-triage');
  });

  it('accepts Platt scaling per label', () => {
    const m = validTriage() as Parameters<Mutation>[0];
    m.heads[0].calibration = { method: 'platt', slope: [1.2, 0.9], intercept: [-0.5, 0] };
    expect(validateManifest(m).heads[0].calibration).toEqual({ method: 'platt', slope: [1.2, 0.9], intercept: [-0.5, 0] });
  });

  it.each<{ name: string; mutate: Mutation; issue: string }>([
    { name: 'missing id', mutate: (m) => delete m.id, issue: 'id: expected a non-empty string' },
    { name: 'unknown task', mutate: (m) => (m.task = 'tracking'), issue: 'task: expected one of classification | qa | segmentation | detection' },
    { name: 'bad sha256', mutate: (m) => (m.sha256 = 'XYZ'), issue: 'sha256: expected a string matching' },
    { name: 'non-square input', mutate: (m) => (m.input.shape = [1, 1, 224, 200]), issue: 'input.shape: expected [1, 1, S, S]' },
    { name: 'size ≠ input', mutate: (m) => (m.preprocessing.size = 256), issue: 'preprocessing.size: 256 differs from input.shape[2] 224' },
    { name: 'inverted window', mutate: (m) => (m.preprocessing.window.low = 99.9), issue: 'preprocessing.window: low 99.9 must be below high 99.5' },
    { name: 'zero std', mutate: (m) => (m.preprocessing.normalize.std = 0), issue: 'preprocessing.normalize.std: expected a number' },
    { name: 'bad activation', mutate: (m) => (m.heads[0].activation = 'relu'), issue: 'heads[0].activation: expected one of sigmoid | softmax' },
    {
      name: 'temperature count',
      mutate: (m) => (m.heads[0].calibration.temperature = [1]),
      issue: 'heads[0].calibration.temperature: a list needs a sigmoid head and one value per label (2), got 1',
    },
    {
      name: 'unknown calibration method',
      mutate: (m) => (m.heads[0].calibration = { method: 'isotonic' }),
      issue: 'heads[0].calibration.method: expected one of temperature | platt',
    },
    {
      name: 'Platt slope count',
      mutate: (m) => (m.heads[0].calibration = { method: 'platt', slope: [1], intercept: [0, 0] }),
      issue: 'heads[0].calibration.slope: a list needs a sigmoid head and one value per label (2), got 1',
    },
    {
      name: 'Platt without intercept',
      mutate: (m) => (m.heads[0].calibration = { method: 'platt', slope: [1, 1] }),
      issue: 'heads[0].calibration.intercept: a list needs a sigmoid head and one value per label (2), got undefined',
    },
    {
      name: 'Platt slope that reverses the ranking',
      mutate: (m) => (m.heads[0].calibration = { method: 'platt', slope: [1, -0.5], intercept: [0, 0] }),
      issue: 'heads[0].calibration.slope[1]: expected a number in [0.000001, Infinity]',
    },
    {
      name: 'Platt intercept not finite',
      mutate: (m) => (m.heads[0].calibration = { method: 'platt', slope: [1, 1], intercept: [0, null] }),
      issue: 'heads[0].calibration.intercept[1]: expected a number',
    },
    {
      name: 'Platt on a softmax head',
      mutate: (m) => {
        m.heads[0].activation = 'softmax';
        m.heads[0].thresholds = {};
        m.heads[0].calibration = { method: 'platt', slope: [1, 1], intercept: [0, 0] };
      },
      issue: 'heads[0].calibration.slope: a list needs a sigmoid head',
    },
    {
      name: 'threshold for unknown label',
      mutate: (m) => (m.heads[0].thresholds.edema = { value: 0.5 }),
      issue: 'heads[0].thresholds.edema: "edema" is not one of the head\'s labels',
    },
    {
      name: 'threshold out of range',
      mutate: (m) => (m.heads[0].thresholds.abnormal.value = 1.5),
      issue: 'heads[0].thresholds.abnormal.value: expected a number in [0, 1]',
    },
    {
      name: 'unknown point name',
      mutate: (m) => (m.heads[0].thresholds.effusion.points.alert = namedPoint(0.5)),
      issue: 'heads[0].thresholds.effusion.points.alert: expected one of screen | flag',
    },
    {
      name: 'decision point not among the points',
      mutate: (m) => (m.heads[0].thresholds.effusion.operatingPoint = 'sens 0.9'),
      issue: 'heads[0].thresholds.effusion.operatingPoint: expected one of the named points (screen, flag), got "sens 0.9"',
    },
    {
      name: 'decision value ≠ its point',
      mutate: (m) => (m.heads[0].thresholds.effusion.value = 0.1),
      issue: 'heads[0].thresholds.effusion.value: 0.1 differs from points.flag.value 0.7',
    },
    {
      name: 'point CI out of range',
      mutate: (m) => (m.heads[0].thresholds.effusion.points.screen.test = { ...stats, specificityCI95: [0.4, 1.2] }),
      issue: 'heads[0].thresholds.effusion.points.screen.test.specificityCI95[1]: expected a number in [0, 1]',
    },
    {
      name: 'point without rule',
      mutate: (m) => delete m.heads[0].thresholds.effusion.points.flag.rule,
      issue: 'heads[0].thresholds.effusion.points.flag.rule: expected a non-empty string',
    },
    { name: 'ood without threshold', mutate: (m) => delete m.ood.threshold, issue: 'ood.threshold: expected a number' },
    { name: 'no heads', mutate: (m) => (m.heads = []), issue: 'heads: a classification or QA model needs at least one head' },
    { name: 'segmentation task without section', mutate: (m) => (m.task = 'segmentation'), issue: 'segmentation: required when task is "segmentation"' },
    { name: 'metric row without value', mutate: (m) => delete m.metrics.test[0].value, issue: 'metrics.test[0].value: expected a number' },
  ])('reports $name with its path', ({ mutate, issue }) => {
    const m = validTriage();
    mutate(m);
    let error: unknown;
    try {
      validateManifest(m, 'models/x.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).issues.some((i) => i.startsWith(issue))).toBe(true);
    expect((error as Error).message).toContain('models/x.json');
  });

  it('lists every problem at once', () => {
    const m = validTriage();
    delete m.id;
    delete m.version;
    expect(() => validateManifest(m)).toThrow(/id: .*\n.*version: /s);
  });

  it('refuses non-objects', () => expect(() => validateManifest([])).toThrow(/\$: expected an object/));
});

describe('validateManifest: detection', () => {
  const detector = () => JSON.parse(readFileSync('tests/fixtures/test-detector/test-detector.json', 'utf8')) as Parameters<Mutation>[0];

  it('accepts the test detector', () => expect(validateManifest(detector()).detection?.labels).toEqual(['bright_square']));

  it.each<{ name: string; mutate: Mutation; issue: string }>([
    { name: 'no detection section', mutate: (m) => delete m.detection, issue: 'detection: required when task is "detection"' },
    {
      name: 'unknown box format',
      mutate: (m) => (m.detection.boxes.format = 'yxyx'),
      issue: 'detection.boxes.format: expected one of xyxy | cxcywh',
    },
    {
      name: 'label without threshold',
      mutate: (m) => (m.detection.thresholds = {}),
      issue: 'detection.thresholds: no score threshold for label "bright_square"',
    },
    {
      name: 'threshold of no label',
      mutate: (m) => (m.detection.thresholds.other = 0.5),
      issue: 'detection.thresholds.other: "other" is not one of detection.labels',
    },
    {
      name: 'IoU above 1',
      mutate: (m) => (m.detection.nms.iouThreshold = 1.5),
      issue: 'detection.nms.iouThreshold: expected a number in [0, 1]',
    },
    { name: 'no box limit', mutate: (m) => (m.detection.nms.maxBoxes = 0), issue: 'detection.nms.maxBoxes: expected an integer ≥ 1' },
    {
      name: 'class-aware not a boolean',
      mutate: (m) => (m.detection.nms.classAware = 'yes'),
      issue: 'detection.nms.classAware: expected true or false, got "yes"',
    },
  ])('reports $name', ({ mutate, issue }) => {
    const m = detector();
    mutate(m);
    expect(() => validateManifest(m)).toThrow(issue);
  });
});
