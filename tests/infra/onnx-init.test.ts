import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import { MODELS_DIR, REPO_ROOT } from '../support/data-dir';

const TOLERANCE = 1e-4;

function readFloats(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const work = mkdtempSync(join(tmpdir(), 'dokuei-onnx-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('fine-tuning start: models/training/onnx_init.py loads the shipped cxr-qa into torch', () => {
  it('gives the torch module the outputs onnxruntime computes from the ONNX file', { timeout: 120_000 }, async () => {
    const model = join(MODELS_DIR, 'cxr-qa.onnx');
    const dump = spawnSync('/usr/bin/python3', [join(REPO_ROOT, 'models/training/onnx_init.py'), '--model', model, '--out', work], { encoding: 'utf8' });
    expect(dump.status, `onnx_init.py failed: ${dump.stderr}`).toBe(0);
    const index = JSON.parse(readFileSync(join(work, 'index.json'), 'utf8')) as { images: number; shape: number[]; outputs: string[] };
    const images = readFloats(join(work, 'image.f32'));
    const perImage = images.length / index.images;
    const session = await createOrtNodeBackend().createSession(new Uint8Array(readFileSync(model)));
    let worst = 0;
    for (let i = 0; i < index.images; i++) {
      const out = await session.run({ image: { data: images.slice(i * perImage, (i + 1) * perImage), dims: index.shape } });
      for (const name of index.outputs) {
        const torch = readFloats(join(work, `${name}.f32`));
        const width = torch.length / index.images;
        expect(out[name].data).toHaveLength(width);
        out[name].data.forEach((v, c) => (worst = Math.max(worst, Math.abs(v - torch[i * width + c]))));
      }
    }
    await session.release();
    console.info(`onnx_init round trip: max |onnxruntime − torch| = ${worst.toExponential(2)} over ${index.images} images`);
    expect(worst).toBeLessThan(TOLERANCE);
  });
});
