/**
 * The model builds a headless worker runs: the registry's active versions (server/models) and the
 * shadow versions an admin set running (their results stay apart: shadow-run.ts), checked
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
import { ModelRegistry, type ModelVersion } from '../models/registry';
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
  private shadows: LoadedModel[] = [];

  constructor(private readonly deps: ActiveModelsDeps) {
    this.registry = new ModelRegistry({ db: deps.db, files: deps.files });
  }

  /** The active builds and the shadow versions set running; `changed` when they differ from the previous call's (loaded anew). */
  async current(): Promise<{ models: LoadedModel[]; shadows: LoadedModel[]; changed: boolean }> {
    const { rows } = await this.deps.db.query<{ key: string | null; active: number }>(
      `SELECT string_agg(state || ' ' || model_id || '@' || version || ':' || sha256, '+' ORDER BY state, model_id, version) AS key,
         count(*) FILTER (WHERE state = 'active')::int AS active
       FROM model_versions WHERE state = 'active' OR (state = 'shadow' AND shadow_run)`,
    );
    const key = rows[0]?.key ?? '';
    if (key === this.loadedKey) return { models: this.models, shadows: this.shadows, changed: false };
    const next = rows[0]?.active ? await this.load(await this.registry.active()) : await loadModels(this.deps.backend, this.deps.fallbackDir, this.deps.log);
    const shadows = await this.load(await this.registry.shadowRunning(), 'shadow');
    const previous = [...this.models, ...this.shadows];
    this.models = next;
    this.shadows = shadows;
    this.loadedKey = key;
    // Jobs run one at a time, so nothing uses the old sessions any more.
    await Promise.all(previous.map((m) => m.session.release()));
    return { models: next, shadows, changed: true };
  }

  private async load(versions: readonly ModelVersion[], role = 'registry'): Promise<LoadedModel[]> {
    const models: LoadedModel[] = [];
    for (const version of versions) {
      const bytes = this.deps.readFile ? await this.deps.readFile(version.sha256) : this.deps.files.read(version.sha256);
      models.push(await loadModel(this.deps.backend, version.manifest, bytes));
      this.deps.log(`model ${version.modelId}@${version.version} (${role}, sha256 ${version.sha256.slice(0, 12)}…) loaded and verified`);
    }
    return models;
  }
}
