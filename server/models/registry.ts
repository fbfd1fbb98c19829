/**
 * The model registry over PostgreSQL and the file store: an admin's manifest, then its ONNX file
 * (sha256 and graph signature checked before it is kept), promotion, retirement and rollback. Each
 * state change goes through model-states.ts; promotions and rollbacks lock the model id's rows so
 * that two servers cannot leave two active versions (the database refuses that too).
 */
import type pg from 'pg';
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { ModelVersionSummary } from '../../src/domain/ai/registry';
import { inTransaction } from '../worklist/repository';
import { ModelFileStore, sha256Of } from './file-store';
import { assertMove, type ModelState } from './model-states';
import { readOnnxSignature } from './onnx-signature';
import { type GraphSignature, signatureIssues } from './signature';
import { checkUploadManifest } from './upload-manifest';

export interface ModelVersion extends ModelVersionSummary {
  manifest: ModelManifest;
  createdAt: string;
}

/** A refused request: the HTTP status and one message per problem. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(issues.length ? `${message}: ${issues.join('; ')}` : message);
    this.name = 'RegistryError';
  }
}

interface Row {
  id: string;
  model_id: string;
  version: string;
  state: ModelState;
  sha256: string;
  bytes: string;
  manifest: ModelManifest;
  messages: string[];
  uploaded_by: string;
  created_at: Date;
  updated_at: Date;
  activated_at: Date | null;
  shadow_run: boolean;
}

const COLUMNS = 'id, model_id, version, state, sha256, bytes, manifest, messages, uploaded_by, created_at, updated_at, activated_at, shadow_run';

const versionOf = (row: Row): ModelVersion => ({
  id: Number(row.id),
  modelId: row.model_id,
  version: row.version,
  state: row.state,
  sha256: row.sha256,
  bytes: Number(row.bytes),
  manifest: row.manifest,
  messages: row.messages,
  uploadedBy: row.uploaded_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  activatedAt: row.activated_at?.toISOString() ?? null,
  shadowRun: row.shadow_run,
});

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Moves a version on, only from the state it was read in: a concurrent change makes this a 409, never a
 * skipped step. Leaving `shadow` stops its shadow run.
 */
async function setState(db: Queryable, version: ModelVersion, to: ModelState, messages: string[] = version.messages): Promise<void> {
  assertMove(version.state, to);
  const { rowCount } = await db.query(
    `UPDATE model_versions SET state = $3, messages = $4, updated_at = now(), activated_at = CASE WHEN $3 = 'active' THEN now() ELSE activated_at END,
       shadow_run = shadow_run AND $3 = 'shadow'
     WHERE id = $1 AND state = $2`,
    [version.id, version.state, to, JSON.stringify(messages)],
  );
  if (rowCount !== 1) throw new RegistryError(409, `version ${version.id} changed meanwhile (it was ${version.state}); reload and try again`);
}

export interface RegistryDeps {
  db: pg.Pool;
  files: ModelFileStore;
  /** Reads an ONNX graph's inputs and outputs (onnxruntime-node; tests may inject). */
  readSignature?: (bytes: Uint8Array) => Promise<GraphSignature>;
}

export class ModelRegistry {
  private readonly readSignature: (bytes: Uint8Array) => Promise<GraphSignature>;

  constructor(private readonly deps: RegistryDeps) {
    this.readSignature = deps.readSignature ?? readOnnxSignature;
  }

  get files(): ModelFileStore {
    return this.deps.files;
  }

  /** Every version, newest first within each model id. */
  async list(): Promise<ModelVersion[]> {
    const { rows } = await this.deps.db.query<Row>(`SELECT ${COLUMNS} FROM model_versions ORDER BY model_id, id DESC`);
    return rows.map(versionOf);
  }

  async find(id: number, db: Queryable = this.deps.db, lock = false): Promise<ModelVersion> {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM model_versions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!rows[0]) throw new RegistryError(404, `no model version ${id}`);
    return versionOf(rows[0]);
  }

  /** The active versions, one per model id (what workers and browsers run). */
  async active(): Promise<ModelVersion[]> {
    const { rows } = await this.deps.db.query<Row>(`SELECT ${COLUMNS} FROM model_versions WHERE state = 'active' ORDER BY model_id`);
    return rows.map(versionOf);
  }

  /** The shadow versions an admin set running: workers run them on arrivals beside the active ones. */
  async shadowRunning(): Promise<ModelVersion[]> {
    const { rows } = await this.deps.db.query<Row>(`SELECT ${COLUMNS} FROM model_versions WHERE state = 'shadow' AND shadow_run ORDER BY model_id, id`);
    return rows.map(versionOf);
  }

  /** Starts or stops running a validated (shadow) version on arrivals; its results never reach the worklist. */
  async setShadowRun(id: number, run: boolean): Promise<ModelVersion> {
    const { rowCount } = await this.deps.db.query(`UPDATE model_versions SET shadow_run = $2, updated_at = now() WHERE id = $1 AND state = 'shadow'`, [
      id,
      run,
    ]);
    if (rowCount !== 1) {
      const version = await this.find(id);
      throw new RegistryError(409, `version ${id} is ${version.state}: only a validated (shadow) version runs in shadow`);
    }
    return this.find(id);
  }

  /** A version whose file passed validation (shadow, active or retired); null otherwise. */
  async findValidated(modelId: string, version: string): Promise<ModelVersion | null> {
    const { rows } = await this.deps.db.query<Row>(
      `SELECT ${COLUMNS} FROM model_versions WHERE model_id = $1 AND version = $2 AND state IN ('shadow', 'active', 'retired')`,
      [modelId, version],
    );
    return rows[0] ? versionOf(rows[0]) : null;
  }

  /** The file store keeps only validated files, but a version refused later must not be served either. */
  async isValidatedFile(sha256: string): Promise<boolean> {
    const { rows } = await this.deps.db.query(`SELECT 1 FROM model_versions WHERE sha256 = $1 AND state IN ('shadow', 'active', 'retired') LIMIT 1`, [sha256]);
    return rows.length > 0;
  }

  /** Step one of an upload: the manifest, checked and pinned (its sha256 is what the file must match). */
  async addManifest(raw: unknown, uploadedBy: string): Promise<ModelVersion> {
    const check = checkUploadManifest(raw);
    if (!check.ok) throw new RegistryError(422, 'the manifest is not valid', check.issues);
    const { manifest } = check;
    const { rows } = await this.deps.db.query<Row>(
      `INSERT INTO model_versions (model_id, version, state, manifest, sha256, bytes, uploaded_by)
       VALUES ($1, $2, 'uploaded', $3, $4, $5, $6) ON CONFLICT (model_id, version) DO NOTHING RETURNING ${COLUMNS}`,
      [manifest.id, manifest.version, JSON.stringify(manifest), manifest.sha256, manifest.bytes, uploadedBy],
    );
    if (!rows[0]) throw new RegistryError(409, `${manifest.id} version ${manifest.version} is already registered: give the new build a new version`);
    return versionOf(rows[0]);
  }

  /**
   * Step two: the ONNX file. Its size and sha256 must be the manifest's; then it is loaded (not run)
   * to compare the graph's inputs and outputs with the manifest. Passed: kept in the file store and
   * the version becomes `shadow`. Refused: the version stays `uploaded` with the messages.
   */
  async addFile(id: number, bytes: Uint8Array): Promise<ModelVersion> {
    const version = await this.find(id);
    if (version.state !== 'uploaded') throw new RegistryError(409, `version ${id} is ${version.state}: its file is already validated`);
    const refuse = async (message: string, issues: string[]): Promise<never> => {
      const current = await this.find(id);
      if (current.state === 'validating') await setState(this.deps.db, current, 'uploaded', issues);
      else await this.deps.db.query('UPDATE model_versions SET messages = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(issues)]);
      throw new RegistryError(422, message, issues);
    };

    const sha256 = sha256Of(bytes);
    const integrity = [
      ...(bytes.byteLength !== version.bytes ? [`bytes: the file has ${bytes.byteLength} bytes, the manifest says ${version.bytes}`] : []),
      ...(sha256 !== version.sha256 ? [`sha256: the file's is ${sha256}, the manifest says ${version.sha256}`] : []),
    ];
    if (integrity.length > 0) return refuse('the file does not match the manifest', integrity);

    await setState(this.deps.db, version, 'validating', []);
    let issues: string[];
    try {
      issues = signatureIssues(version.manifest, await this.readSignature(bytes));
    } catch (error) {
      issues = [`onnx: onnxruntime could not load the file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`];
    }
    if (issues.length > 0) return refuse('the model does not fit its manifest', issues);
    this.deps.files.put(bytes);
    await setState(this.deps.db, await this.find(id), 'shadow', []);
    return this.find(id);
  }

  /** Makes a validated (shadow) version active; the model id's active version, if any, is retired. */
  async promote(id: number): Promise<{ promoted: ModelVersion; retired: ModelVersion | null }> {
    return inTransaction(this.deps.db, async (tx) => {
      const target = await this.find(id, tx, true);
      if (target.state !== 'shadow') throw new RegistryError(409, `only a validated (shadow) version can be promoted; version ${id} is ${target.state}`);
      const current = await this.lockActive(tx, target.modelId);
      if (current) await setState(tx, current, 'retired');
      await setState(tx, target, 'active');
      return { promoted: await this.find(id, tx), retired: current && (await this.find(current.id, tx)) };
    });
  }

  /** Stops running a version (a shadow candidate rejected, or an active one withdrawn). */
  async retire(id: number): Promise<ModelVersion> {
    return inTransaction(this.deps.db, async (tx) => {
      const version = await this.find(id, tx, true);
      if (version.state !== 'shadow' && version.state !== 'active')
        throw new RegistryError(409, `version ${id} is ${version.state}: only shadow or active versions can be retired`);
      await setState(tx, version, 'retired');
      return this.find(id, tx);
    });
  }

  /** One action: the active version of `modelId` is retired and the one active before it is active again. */
  async rollback(modelId: string): Promise<{ restored: ModelVersion; retired: ModelVersion }> {
    return inTransaction(this.deps.db, async (tx) => {
      const current = await this.lockActive(tx, modelId);
      if (!current) throw new RegistryError(409, `${modelId} has no active version to roll back`);
      const { rows } = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM model_versions WHERE model_id = $1 AND state = 'retired' AND activated_at IS NOT NULL AND id <> $2
         ORDER BY activated_at DESC LIMIT 1 FOR UPDATE`,
        [modelId, current.id],
      );
      if (!rows[0]) throw new RegistryError(409, `${modelId} has no earlier active version to roll back to`);
      const previous = versionOf(rows[0]);
      await setState(tx, current, 'retired');
      await setState(tx, previous, 'active');
      return { restored: await this.find(previous.id, tx), retired: await this.find(current.id, tx) };
    });
  }

  /**
   * The committed models (models/) at start: a version not yet registered is added, its file stored;
   * it becomes active when its model id has no active version, else it waits as shadow for an admin.
   * Idempotent, and safe when several servers start together (the unique keys decide).
   */
  async registerCommitted(models: readonly { manifest: ModelManifest; bytes: Uint8Array }[]): Promise<ModelVersion[]> {
    const added: ModelVersion[] = [];
    for (const { manifest, bytes } of models) {
      if (sha256Of(bytes) !== manifest.sha256) throw new Error(`models/${manifest.file}: sha256 differs from ${manifest.id}.json`);
      this.deps.files.put(bytes);
      const row = await inTransaction(this.deps.db, async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`model-registry/${manifest.id}`]);
        const active = await this.lockActive(tx, manifest.id);
        const { rows } = await tx.query<Row>(
          `INSERT INTO model_versions (model_id, version, state, manifest, sha256, bytes, uploaded_by, activated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'models/ (committed)', CASE WHEN $3 = 'active' THEN now() END)
           ON CONFLICT (model_id, version) DO NOTHING RETURNING ${COLUMNS}`,
          [manifest.id, manifest.version, active ? 'shadow' : 'active', JSON.stringify(manifest), manifest.sha256, manifest.bytes],
        );
        return rows[0];
      });
      if (row) added.push(versionOf(row));
    }
    return added;
  }

  private async lockActive(tx: pg.PoolClient, modelId: string): Promise<ModelVersion | null> {
    const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM model_versions WHERE model_id = $1 AND state = 'active' FOR UPDATE`, [modelId]);
    return rows[0] ? versionOf(rows[0]) : null;
  }
}
