/**
 * The model builds a headless worker runs: the registry's active versions (server/models), checked
 * before each job with one small query, and loaded again (files from the registry's file store,
 * sha256-verified as always) only when that set changed, so a promotion or a rollback reaches
 * running workers without a restart. A database without registered models (a registry that never
 * started) leaves the worker on the committed models/ folder.
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
  backend: InferenceBackend;
  /** Used while the registry holds no active version. */
  fallbackDir: string;
  log: (line: string) => void;
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
      models.push(await loadModel(this.deps.backend, version.manifest, this.deps.files.read(version.sha256)));
      this.deps.log(`model ${version.modelId}@${version.version} (registry, sha256 ${version.sha256.slice(0, 12)}…) loaded and verified`);
    }
    return models;
  }
}
