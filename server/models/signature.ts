/**
 * Does an ONNX graph's signature (its inputs and outputs as onnxruntime reports them after loading)
 * fit the manifest? The app feeds one float32 image and reads named outputs; a model that differs
 * would fail or, worse, be read wrongly, so every mismatch is named here before anything runs.
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';

/** One graph input or output; shape entries are numbers, or names for symbolic dimensions. */
export interface TensorSignature {
  name: string;
  type: string;
  shape: readonly (number | string)[];
}

export interface GraphSignature {
  inputs: readonly TensorSignature[];
  outputs: readonly TensorSignature[];
}

/**
 * Symbolic (string) dimensions match any size: batch dimensions are often exported that way. An
 * expected `null` takes any size too (a detector's number of candidate boxes is its own).
 */
function shapeIssue(what: string, expected: readonly (number | null)[], actual: readonly (number | string)[]): string | null {
  const fits = expected.length === actual.length && expected.every((size, i) => size === null || typeof actual[i] === 'string' || actual[i] === size);
  return fits ? null : `${what}: the manifest says shape [${expected.map((size) => size ?? 'N').join(',')}], the model has ${JSON.stringify(actual)}`;
}

/** The outputs the manifest reads, with the shape it expects where it says one. */
function expectedOutputs(manifest: ModelManifest): { name: string; what: string; shape?: (number | null)[] }[] {
  return [
    ...manifest.heads.map((head, i) => ({ name: head.output, what: `heads[${i}].output`, shape: [1, head.labels.length] })),
    ...(manifest.explain ? [{ name: manifest.explain.output, what: 'explain.output', shape: manifest.explain.shape }] : []),
    ...(manifest.ood ? [{ name: manifest.ood.output, what: 'ood.output' }] : []),
    ...(manifest.segmentation
      ? [{ name: manifest.segmentation.output, what: 'segmentation.output', shape: [1, manifest.segmentation.labels.length, ...manifest.input.shape.slice(2)] }]
      : []),
    ...(manifest.detection
      ? [
          { name: manifest.detection.boxes.output, what: 'detection.boxes.output', shape: [1, null, 4] },
          { name: manifest.detection.scores.output, what: 'detection.scores.output', shape: [1, null, manifest.detection.labels.length] },
        ]
      : []),
  ];
}

/** Every way the graph differs from the manifest; empty when it fits. */
export function signatureIssues(manifest: ModelManifest, graph: GraphSignature): string[] {
  const issues: string[] = [];
  const input = graph.inputs.find((i) => i.name === manifest.input.name);
  if (!input) {
    issues.push(`input.name: the model has no input "${manifest.input.name}" (it has ${graph.inputs.map((i) => i.name).join(', ') || 'none'})`);
  } else {
    if (input.type !== manifest.input.dtype) issues.push(`input.dtype: the manifest says ${manifest.input.dtype}, the model takes ${input.type}`);
    const shape = shapeIssue('input.shape', manifest.input.shape, input.shape);
    if (shape) issues.push(shape);
  }
  const extraInputs = graph.inputs.filter((i) => i.name !== manifest.input.name);
  if (extraInputs.length > 0) issues.push(`input: the model needs more inputs than the image (${extraInputs.map((i) => i.name).join(', ')})`);

  for (const expected of expectedOutputs(manifest)) {
    const output = graph.outputs.find((o) => o.name === expected.name);
    if (!output) {
      issues.push(`${expected.what}: the model has no output "${expected.name}" (it has ${graph.outputs.map((o) => o.name).join(', ') || 'none'})`);
      continue;
    }
    if (output.type !== 'float32') issues.push(`${expected.what}: output "${expected.name}" is ${output.type}, the app reads float32`);
    const shape = expected.shape && shapeIssue(`${expected.what} "${expected.name}"`, expected.shape, output.shape);
    if (shape) issues.push(shape);
  }
  return issues;
}
