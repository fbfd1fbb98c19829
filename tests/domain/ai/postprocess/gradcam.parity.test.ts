import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateManifest } from '../../../../src/domain/ai/manifest';
import { loadModel, type LoadedModel } from '../../../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../../../src/services/inference/runtime/ort-node';
import { preprocessXr } from '../../../../src/domain/ai/preprocess';
import { outputTensor, runModel } from '../../../../src/domain/ai/analyze';
import { normalizedCam } from '../../../../src/domain/ai/postprocess/gradcam';
import { decodeImageFile } from '../../../../tools/models-eval/decode';
import { MODELS_DIR, REPO_ROOT, requireDataDir } from '../../../support/data-dir';

/** Written by models/training/gradcam_fixtures.py: autograd Grad-CAM of the PyTorch model. */
interface GradcamFixture {
  model: string;
  sha256: string;
  size: number;
  items: { file: string; label: string; map: number[][] }[];
}

const FIXTURE = join(REPO_ROOT, 'tests/fixtures/gradcam-cxr-triage.json');
const TOLERANCE = 1e-3;

describe('ONNX cam output = PyTorch autograd Grad-CAM (after ReLU and max-normalisation)', () => {
  const data = requireDataDir();
  let model: LoadedModel | undefined;
  afterAll(async () => model?.session.release());

  it('matches every fixture map', async () => {
    expect(existsSync(FIXTURE), `${FIXTURE} is missing: run /usr/bin/python3 models/training/gradcam_fixtures.py`).toBe(true);
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as GradcamFixture;
    const manifest = validateManifest(JSON.parse(readFileSync(join(MODELS_DIR, `${fixture.model}.json`), 'utf8')));
    expect(fixture.sha256, 'the fixture was made for another model file: re-run gradcam_fixtures.py').toBe(manifest.sha256);
    const camSpec = manifest.explain;
    if (!camSpec) throw new Error(`${manifest.id} has no explain section`);
    model = await loadModel(createOrtNodeBackend(), manifest, new Uint8Array(readFileSync(join(MODELS_DIR, manifest.file))));
    const labels = manifest.heads[0].labels;
    let worst = 0;
    for (const item of fixture.items) {
      const outputs = await runModel(model, preprocessXr(decodeImageFile(resolve(data, item.file)), manifest.preprocessing));
      const cam = outputTensor(outputs, camSpec.output, manifest.id);
      const ours = normalizedCam(cam.data, cam.dims, labels.indexOf(item.label));
      const expected = item.map.flat();
      expect(ours.data.length).toBe(expected.length);
      const diff = Math.max(...expected.map((v, i) => Math.abs(v - ours.data[i])));
      worst = Math.max(worst, diff);
      expect(diff, `${item.file} ${item.label}`).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(fixture.items.length).toBeGreaterThan(0);
    console.info(`Grad-CAM parity: max |torch − onnx| = ${worst.toExponential(2)} over ${fixture.items.length} maps`);
  });
});
