/**
 * The model builds a headless worker runs: the registry's active versions (server/models), checked
 * before each job with one small query and loaded again (sha256-verified as always) only when that
 * set changed, so a promotion or a rollback reaches running workers without a restart. The files
 * come from the file store on this machine, or from the Dokuei server (`GET /api/models/files/
 * <sha256>.onnx`) for workers that reach it as a service. A database without registered models (a
 * registry that never started) leaves the worker on the committed models/ folder.
 */
import type pg from 'pg';
import type { InferenceBackend } from '../../src/domain/ai/runtime/backend';
import { loadModel, type LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { ModelFileStore } from '../models/file-store';
import { ModelRegistry } from '../models/registry';
import { loadModels } from './models';

export interface ActiveModelsDeps {
  db: pg.Pool;
  files: ModelFileStore;
  /** The bytes of a registered file; default: from `files`. */
  readFile?: (sha256: string) => Promise<Uint8Array>;
  backend: InferenceBackend;
  /** Used while the registry holds no active version. */
  fallbackDir: string;
  log: (line: string) => void;
}

/** A registered file from the Dokuei server, as a service account (loadModel verifies size and sha256). */
export function modelFileFromServer(serverUrl: string, token: string): (sha256: string) => Promise<Uint8Array> {
  return async (sha256) => {
    const response = await fetch(new URL(`/api/models/files/${sha256}.onnx`, serverUrl), { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`model file ${sha256} from ${serverUrl}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

export class ActiveModels {
  private readonly registry: ModelRegistry;
  private loadedKey: string | null = null;
  private models: LoadedModel[] = [];

  constructor(private readonly deps: ActiveModelsDeps) {
    this.registry = new ModelRegistry({ db: deps.db, files: deps.files });
  }

  /** The active builds; `changed` when they differ from the previous call's (loaded anew). */
  async current(): Promise<{ models: LoadedModel[]; changed: boolean }> {
    const { rows } = await this.deps.db.query<{ key: string | null }>(
      `SELECT string_agg(model_id || '@' || version || ':' || sha256, '+' ORDER BY model_id) AS key FROM model_versions WHERE state = 'active'`,
    );
    const key = rows[0]?.key ?? '';
    if (key === this.loadedKey) return { models: this.models, changed: false };
    const next = key ? await this.loadActive() : await loadModels(this.deps.backend, this.deps.fallbackDir, this.deps.log);
    const previous = this.models;
    this.models = next;
    this.loadedKey = key;
    // Jobs run one at a time, so nothing uses the old sessions any more.
    await Promise.all(previous.map((m) => m.session.release()));
    return { models: next, changed: true };
  }

  private async loadActive(): Promise<LoadedModel[]> {
    const models: LoadedModel[] = [];
    for (const version of await this.registry.active()) {
      const bytes = this.deps.readFile ? await this.deps.readFile(version.sha256) : this.deps.files.read(version.sha256);
      models.push(await loadModel(this.deps.backend, version.manifest, bytes));
      this.deps.log(`model ${version.modelId}@${version.version} (registry, sha256 ${version.sha256.slice(0, 12)}…) loaded and verified`);
    }
    return models;
  }
}
