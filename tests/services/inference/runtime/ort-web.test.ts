import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../../src/domain/ai/manifest';
import { loadModel } from '../../../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../../../src/services/inference/runtime/ort-node';
import { createOrtWebBackend } from '../../../../src/services/inference/runtime/ort-web';
import { preprocessXr } from '../../../../src/domain/ai/preprocess';
import { runModel } from '../../../../src/domain/ai/analyze';
import { decodeImageFile } from '../../../../tools/models-eval/decode';
import { MODELS_DIR, requireDataDir } from '../../../support/data-dir';

const manifests = readdirSync(MODELS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => validateManifest(JSON.parse(readFileSync(join(MODELS_DIR, f), 'utf8')), f));

describe('onnxruntime-web (WASM) and onnxruntime-node give the same outputs', () => {
  const image = decodeImageFile(resolve(requireDataDir(), 'cxr_nih14_256/images/00000001_000.png'));

  it('has committed models', () => expect(manifests.length, `no manifests in ${MODELS_DIR}`).toBeGreaterThan(0));

  it.each(manifests.map((m) => [m.id, m] as const))('%s', async (_id, manifest) => {
    const bytes = new Uint8Array(readFileSync(join(MODELS_DIR, manifest.file)));
    const pre = preprocessXr(image, manifest.preprocessing);
    const [native, wasm] = await Promise.all([createOrtNodeBackend(), createOrtWebBackend()].map((b) => loadModel(b, manifest, bytes)));
    const a = await runModel(native, pre);
    const b = await runModel(wasm, pre);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) {
      expect(b[name].dims).toEqual(a[name].dims);
      let diff = 0;
      let scale = 0;
      a[name].data.forEach((v, i) => {
        diff = Math.max(diff, Math.abs(v - b[name].data[i]));
        scale = Math.max(scale, Math.abs(v));
      });
      // Float kernels agree to float rounding. Quantized kernels may round a uint8 activation one step (1/255
      // of its range) apart: the cxr-qa int8 flip output, a difference of two quantized logits, differs by 0.0057;
      // the int8 lungs, whose float stem (native FMA vs WASM rounding) feeds the first quantizer, by 0.040 at a
      // mask logit of 7.7 (0.5 % of its scale).
      const tolerance = (manifest.quantization ? 1e-2 : 1e-4) * Math.max(1, scale);
      expect(diff, `${manifest.id}.${name}: max |node − wasm| ${diff} at scale ${scale}`).toBeLessThanOrEqual(tolerance);
    }
    await Promise.all([native.session.release(), wasm.session.release()]);
  });
});
