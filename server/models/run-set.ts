/**
 * What the workers run now, as the watcher and the reindex need it to decide "already analysed": the
 * registry's active manifests and their model key, and the shadow versions set running. One small
 * query; the committed models/ while the registry has no active version (as the workers do).
 */
import type pg from 'pg';
import type { ModelManifest } from '../../src/domain/ai/manifest';
import { algorithmsOf, modelKey } from '../../src/domain/ai/result/model-key';
import type { AlgorithmIdentification } from '../../src/domain/ai/result/types';
import { readManifests } from '../worker/models';

export interface RunSet {
  /** modelKey of the active builds: a row holding a result of another key is analysed again. */
  key: string;
  /** The active manifests (reading a stored AI result SR back into a row). */
  manifests: ModelManifest[];
  /** Shadow versions set running: a study without a shadow row of each is analysed again. */
  shadows: AlgorithmIdentification[];
}

export async function registryRunSet(db: Pick<pg.Pool, 'query'>, fallbackDir?: string): Promise<RunSet> {
  const { rows } = await db.query<{ state: string; manifest: ModelManifest }>(
    `SELECT state, manifest FROM model_versions WHERE state = 'active' OR (state = 'shadow' AND shadow_run) ORDER BY model_id, id`,
  );
  const active = rows.filter((r) => r.state === 'active').map((r) => r.manifest);
  const manifests = active.length > 0 ? active : readManifests(fallbackDir);
  return {
    key: modelKey(algorithmsOf(manifests)),
    manifests,
    shadows: algorithmsOf(rows.filter((r) => r.state === 'shadow').map((r) => r.manifest)),
  };
}
