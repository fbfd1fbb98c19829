import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage } from '../../../../src/domain/ai/analyze';
import type { LoadedModel } from '../../../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../../../src/services/inference/runtime/ort-node';
import { createOrtWebBackend } from '../../../../src/services/inference/runtime/ort-web';
import { decodeImageFile } from '../../../../tools/models-eval/decode';
import { loadModelsFromDir } from '../../../../tools/models-eval/models';
import { MODELS_DIR, requireDataDir } from '../../../support/data-dir';

describe('sessions fetch only the outputs asked for; Grad-CAM can be left out', () => {
  const image = decodeImageFile(resolve(requireDataDir(), 'cxr_nih14_256/images/00000001_000.png'));
  let models: LoadedModel[] = [];
  beforeAll(async () => {
    models = await loadModelsFromDir(MODELS_DIR, createOrtNodeBackend());
  });
  afterAll(() => Promise.all(models.map((m) => m.session.release())));

  it('a run returns the named outputs only', async () => {
    const triage = models.find((m) => m.manifest.id === 'cxr-triage')!;
    const input = new Float32Array(triage.manifest.input.shape.reduce((a, b) => a * b, 1)).fill(0.25);
    const outputs = await triage.session.run({ image: { data: input, dims: triage.manifest.input.shape } }, ['logits']);
    expect(Object.keys(outputs)).toEqual(['logits']);
    expect(
      input.every((v) => v === 0.25),
      'the caller keeps its input',
    ).toBe(true);
  });

  it('explain: false gives the same decisions, OOD and masks, without heat maps', async () => {
    const full = await analyzeImage(models, image);
    const plain = await analyzeImage(models, image, { explain: false });
    expect(full.models.find((m) => m.id === 'cxr-triage')?.heatmaps).toBeDefined();
    expect(plain.models.map((m) => m.heatmaps)).toEqual(plain.models.map(() => undefined));
    const strip = (r: typeof full) => r.models.map(({ inferenceMs: _ms, heatmaps: _maps, ...rest }) => rest);
    expect(strip(plain)).toEqual(strip(full));
  });

  it('onnxruntime-web says when WebGPU was asked for but the session fell back to WASM', async () => {
    const triage = models.find((m) => m.manifest.id === 'cxr-triage')!;
    const session = await createOrtWebBackend({ executionProviders: ['webgpu', 'wasm'] }).createSession(
      new Uint8Array(readFileSync(resolve(MODELS_DIR, triage.manifest.file))),
    );
    expect(session.executionProvider).toBe('wasm');
    await session.release();
  });
});
