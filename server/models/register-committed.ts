/** The models committed in models/ as the registry's first versions (at every start; idempotent). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR, readManifests } from '../worker/models';
import type { ModelRegistry, ModelVersion } from './registry';

export function registerCommittedModels(registry: ModelRegistry, dir: string = MODELS_DIR): Promise<ModelVersion[]> {
  return registry.registerCommitted(readManifests(dir).map((manifest) => ({ manifest, bytes: new Uint8Array(readFileSync(join(dir, manifest.file))) })));
}
