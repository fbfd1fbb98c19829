import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '../../src/domain/ai/manifest';
import { isVariantManifestFile } from '../../src/domain/ai/quantization';
import { loadModel, type LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { InferenceBackend } from '../../src/domain/ai/runtime/backend';

/** Every `<id>.json` manifest of a folder with its verified ONNX file, sorted by id. */
export async function loadModelsFromDir(dir: string, backend: InferenceBackend): Promise<LoadedModel[]> {
  if (!existsSync(dir)) throw new Error(`models folder ${dir} does not exist`);
  const manifests = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !isVariantManifestFile(f))
    .sort()
    .map((f) => validateManifest(JSON.parse(readFileSync(join(dir, f), 'utf8')), join(dir, f)));
  if (manifests.length === 0) throw new Error(`no model manifests (<id>.json) in ${dir}`);
  const models: LoadedModel[] = [];
  for (const m of manifests) {
    const path = join(dir, m.file);
    if (!existsSync(path)) throw new Error(`${m.id}: ${path} is missing`);
    models.push(await loadModel(backend, m, new Uint8Array(readFileSync(path))));
  }
  return models;
}
