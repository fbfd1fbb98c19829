import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../src/domain/ai/runtime/sha256';
import { loadModel, ModelIntegrityError, verifyModelBytes } from '../../../../src/domain/ai/runtime/load-model';
import type { InferenceBackend, InferenceSession } from '../../../../src/domain/ai/runtime/backend';
import type { ModelManifest } from '../../../../src/domain/ai/manifest';

const bytes = new TextEncoder().encode('abc');
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function manifest(over: Partial<ModelManifest> = {}): ModelManifest {
  return {
    id: 'm',
    version: '1',
    task: 'classification',
    file: 'm.onnx',
    sha256: ABC_SHA256,
    bytes: 3,
    input: { name: 'image', shape: [1, 1, 8, 8], layout: 'NCHW', dtype: 'float32' },
    preprocessing: { id: 'dokuei-xr-v1', size: 8, window: { method: 'percentile', low: 0.5, high: 99.5 }, normalize: { mean: 0.5, std: 0.25 } },
    heads: [{ output: 'logits', activation: 'sigmoid', labels: ['a'] }],
    ood: { output: 'ood', threshold: 1 },
    ...over,
  };
}

/** A backend that records what it was asked to load and exposes the given outputs. */
function fakeBackend(outputNames: string[]): InferenceBackend & { created: number; released: number } {
  const backend = {
    name: 'fake',
    created: 0,
    released: 0,
    async createSession(): Promise<InferenceSession> {
      backend.created++;
      return {
        inputNames: ['image'],
        outputNames,
        run: async () => ({}),
        release: async () => {
          backend.released++;
        },
      };
    },
  };
  return backend;
}

describe('model integrity', () => {
  it('computes SHA-256 with Web Crypto', async () => {
    expect(await sha256Hex(bytes)).toBe(ABC_SHA256);
  });

  it.each([
    { name: 'a different sha256', m: manifest({ sha256: '0'.repeat(64) }), error: /sha256 of m\.onnx is ba7816bf.*the manifest says 0000.*refusing/ },
    { name: 'a different size', m: manifest({ bytes: 4 }), error: /has 3 bytes, the manifest says 4; refusing/ },
  ])('refuses $name before creating a session', async ({ m, error }) => {
    const backend = fakeBackend(['logits', 'ood']);
    await expect(loadModel(backend, m, bytes)).rejects.toThrow(ModelIntegrityError);
    await expect(verifyModelBytes(m, bytes)).rejects.toThrow(error);
    expect(backend.created).toBe(0);
  });

  it('loads matching bytes', async () => {
    const backend = fakeBackend(['logits', 'ood']);
    const loaded = await loadModel(backend, manifest(), bytes);
    expect(loaded.manifest.id).toBe('m');
    expect(backend.created).toBe(1);
  });

  it('refuses a graph without the outputs the manifest names, and releases it', async () => {
    const backend = fakeBackend(['logits']);
    await expect(loadModel(backend, manifest(), bytes)).rejects.toThrow(/lacks ood/);
    expect(backend.released).toBe(1);
  });
});
