import type { ModelManifest } from '../manifest';
import type { AlgorithmIdentification } from './types';

export function algorithmsOf(manifests: readonly ModelManifest[]): AlgorithmIdentification[] {
  return manifests.map((m) => ({ id: m.id, version: m.version, sha256: m.sha256 }));
}

/** Order-independent identity of a set of model builds. */
export function modelKey(algorithms: readonly AlgorithmIdentification[]): string {
  return algorithms
    .map((a) => `${a.id}@${a.version}:${a.sha256}`)
    .sort()
    .join('+');
}
