/**
 * The AI models the worker runs: every manifest in models/ (the same the browser loads), its ONNX
 * file verified against the manifest's size and SHA-256, one onnxruntime-node session each.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ModelManifest, validateManifest } from '../../src/domain/ai/manifest';
import { isVariantManifestFile } from '../../src/domain/ai/quantization';
import type { InferenceBackend } from '../../src/domain/ai/runtime/backend';
import { loadModel, type LoadedModel } from '../../src/domain/ai/runtime/load-model';

export const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export function readManifests(dir: string = MODELS_DIR): ModelManifest[] {
  if (!existsSync(dir)) throw new Error(`models folder ${dir} does not exist`);
  const manifests = readdirSync(dir)
    .filter((file) => file.endsWith('.json') && !isVariantManifestFile(file))
    .sort()
    .map((file) => validateManifest(JSON.parse(readFileSync(join(dir, file), 'utf8')), join(dir, file)));
  if (manifests.length === 0) throw new Error(`no model manifests (<id>.json) in ${dir}`);
  return manifests;
}

export async function loadModels(backend: InferenceBackend, dir: string = MODELS_DIR, progress: (line: string) => void = () => {}): Promise<LoadedModel[]> {
  const models: LoadedModel[] = [];
  for (const manifest of readManifests(dir)) {
    const started = performance.now();
    const bytes = new Uint8Array(readFileSync(join(dir, manifest.file)));
    models.push(await loadModel(backend, manifest, bytes));
    progress(
      `model ${manifest.id}@${manifest.version} loaded and verified (${(bytes.byteLength / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms)`,
    );
  }
  return models;
}
