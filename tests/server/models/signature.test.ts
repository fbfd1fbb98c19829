/** The graph signature check against manifests, on the committed models as onnxruntime-node loads them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../../src/domain/ai/manifest';
import { readOnnxSignature } from '../../../server/models/onnx-signature';
import { signatureIssues } from '../../../server/models/signature';

const manifestOf = (id: string) => JSON.parse(readFileSync(`models/${id}.json`, 'utf8')) as ModelManifest;
const signatureOf = (id: string) => readOnnxSignature(new Uint8Array(readFileSync(`models/${id}.onnx`)));

describe('signatureIssues', () => {
  it.each(['cxr-qa', 'cxr-triage', 'cxr-lungs'])('the committed %s fits its manifest', async (id) => {
    expect(signatureIssues(manifestOf(id), await signatureOf(id))).toEqual([]);
  });

  it('the test detector fits its manifest; labels its scores lack are named', async () => {
    const dir = 'tests/fixtures/test-detector';
    const detector = JSON.parse(readFileSync(`${dir}/test-detector.json`, 'utf8')) as ModelManifest;
    const graph = await readOnnxSignature(new Uint8Array(readFileSync(`${dir}/test-detector.onnx`)));
    expect(signatureIssues(detector, graph)).toEqual([]);
    const twoLabels = { ...detector, detection: { ...detector.detection!, labels: ['bright_square', 'dark_square'] } };
    expect(signatureIssues(twoLabels, graph)).toEqual(['detection.scores.output "scores": the manifest says shape [1,N,2], the model has [1,3,1]']);
  });

  it('names each mismatch of a manifest written for another graph', async () => {
    const triage = manifestOf('cxr-triage');
    const wrong: ModelManifest = {
      ...triage,
      input: { ...triage.input, name: 'pixels' },
      heads: [{ ...triage.heads[0], labels: ['abnormal', 'effusion'] }],
      ood: { output: 'distance', threshold: 1 },
    };
    expect(signatureIssues(wrong, await signatureOf('cxr-triage'))).toEqual([
      'input.name: the model has no input "pixels" (it has image)',
      'input: the model needs more inputs than the image (image)',
      'heads[0].output "logits": the manifest says shape [1,2], the model has [1,3]',
      'ood.output: the model has no output "distance" (it has logits, cam, ood)',
    ]);
  });

  it('takes a symbolic batch dimension for any size', () => {
    const lungs = manifestOf('cxr-lungs');
    const graph = {
      inputs: [{ name: 'image', type: 'float32', shape: ['batch', 1, 224, 224] }],
      outputs: [{ name: 'mask', type: 'float32', shape: ['batch', 1, 224, 224] }],
    };
    expect(signatureIssues(lungs, graph)).toEqual([]);
    expect(signatureIssues(lungs, { ...graph, inputs: [{ name: 'image', type: 'float16', shape: [1, 1, 128, 128] }] })).toEqual([
      'input.dtype: the manifest says float32, the model takes float16',
      'input.shape: the manifest says shape [1,1,224,224], the model has [1,1,128,128]',
    ]);
  });
});
