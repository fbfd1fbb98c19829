/**
 * Local validation against a real PostgreSQL and onnxruntime-node: an admin asks for a run of a second
 * cxr-triage build on a labelled folder under the validation root (the shared data, read in place), a
 * worker's job runs both builds, the report holds the rows of models:eval with intervals, and the admin's
 * decision is stored on the report and audited with its id. Refusals say why.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../server/db/migrate';
import { openDatabase } from '../../../server/db/pool';
import { ModelFileStore } from '../../../server/models/file-store';
import { registerCommittedModels } from '../../../server/models/register-committed';
import { ModelRegistry } from '../../../server/models/registry';
import { TriageQueue } from '../../../server/queue/triage-queue';
import { runValidation, type ValidationJobDeps } from '../../../server/validation/validation-job';
import { ValidationQueue } from '../../../server/validation/validation-queue';
import { ValidationStore } from '../../../server/validation/validation-store';
import { directTransport } from '../../../server/watcher/pacs-direct';
import type { ValidationRun } from '../../../src/domain/ai/validation';
import { createOrtNodeBackend } from '../../../src/services/inference/runtime/ort-node';
import { loadModel } from '../../../src/domain/ai/runtime/load-model';
import { loadDataSet } from '../../../tools/models-eval/dataset';
import { evaluateDataSets } from '../../../tools/models-eval/run';
import { startPostgres, stopPostgres } from '../../../tools/postgres/postgres';
import { requireDataDir } from '../../support/data-dir';
import { ACCOUNTS, call, removeTestServer, signIn, type SignedIn, startTestServer, type TestServer } from '../support/core-server';

const SET = 'cxr_nih14_sample';
const root = mkdtempSync(join(tmpdir(), 'dokuei-validation-'));
chmodSync(root, 0o711); // the cluster runs as `postgres`, which must traverse down to it
const dataDir = requireDataDir();
const manifest = JSON.parse(readFileSync('models/cxr-triage.json', 'utf8')) as Record<string, unknown> & { version: string };
const onnx = new Uint8Array(readFileSync('models/cxr-triage.onnx'));

let db: pg.Pool;
let queue: TriageQueue;
let server: TestServer;
let admin: SignedIn;
let deps: ValidationJobDeps;
let registry: ModelRegistry;

async function candidate(version: string): Promise<number> {
  const added = await registry.addManifest({ ...manifest, version }, 'test');
  return (await registry.addFile(added.id, onnx)).id;
}

const post = (path: string, body: unknown = {}) => call(server, path, { method: 'POST', headers: admin.headers, body });
const getRun = async (id: number) => (await call(server, `/api/admin/validations/${id}`, { headers: admin.headers })).json as ValidationRun;

beforeAll(async () => {
  const database = await startPostgres(join(root, 'postgres'));
  db = openDatabase(database.url);
  await migrate(db);
  const files = new ModelFileStore(join(root, 'model-store'));
  registry = new ModelRegistry({ db, files });
  await registerCommittedModels(registry);
  queue = await TriageQueue.open({ connectionString: database.url, log: () => {} });
  server = await startTestServer({ deps: { db, registry, validations: await ValidationQueue.open(queue.boss) }, config: { validationRoot: dataDir } });
  admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
  deps = {
    store: new ValidationStore(db),
    registry,
    readFile: async (sha256) => files.read(sha256),
    backend: createOrtNodeBackend({ threads: 1 }),
    // Folder runs only: the PACS is never asked.
    transport: directTransport({ url: 'http://127.0.0.1:9', username: '', password: '' }),
    validationRoot: dataDir,
    log: () => {},
  };
}, 120_000);

afterAll(async () => {
  await removeTestServer(server);
  await queue?.stop({ graceful: false });
  await db?.end();
  await stopPostgres(join(root, 'postgres'));
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('local validation', () => {
  it('runs the candidate beside the active build on a labelled folder: the rows of models:eval, with intervals; promotion is audited with the report id', async () => {
    const id = await candidate('1.0.1-validation');
    const started = await post(`/api/admin/models/${id}/validations`, { confirmedCases: false, folder: SET });
    expect(started.status).toBe(202);
    expect(started.json).toMatchObject({ state: 'queued', candidateVersion: '1.0.1-validation', activeVersion: manifest.version, sources: { folder: SET } });

    await runValidation(started.json.id, deps);
    const run = await getRun(started.json.id);
    expect(run).toMatchObject({ state: 'done', error: null });
    const rows =
      readFileSync(join(dataDir, SET, 'labels.csv'), 'utf8')
        .trim()
        .split('\n').length - 1;
    expect([run.done, run.total]).toEqual([rows, rows]);

    // The same bytes: the same figures; and exactly what models:eval computes on that folder.
    const { candidate: mine, active } = run.report!;
    expect(mine).toEqual(active);
    const reference = await loadModel(deps.backend, (await registry.active()).find((v) => v.modelId === 'cxr-triage')!.manifest, onnx);
    const evaluated = await evaluateDataSets([reference], [loadDataSet(join(dataDir, SET))], 'all');
    await reference.session.release();
    expect(mine).toEqual(evaluated.rows);
    const abnormal = mine.filter((r) => r.task === 'abnormal').map((r) => r.metric);
    expect(abnormal).toEqual(['auc', 'accuracy', 'sensitivity', 'specificity', 'ece']);
    for (const row of mine.filter((r) => r.task === 'abnormal')) {
      expect(row.ci95![0]).toBeLessThanOrEqual(row.value);
      expect(row.ci95![1]).toBeGreaterThanOrEqual(row.value);
    }

    const promoted = await post(`/api/admin/validations/${run.id}/promote`);
    expect(promoted.status).toBe(200);
    expect(promoted.json.validation.decision).toMatchObject({ kind: 'promoted', by: ACCOUNTS.admin.name });
    expect((await post(`/api/admin/validations/${run.id}/promote`)).status).toBe(409);
    const audit = await server.app.audit.query({ event: 'Application Activity' });
    expect(audit.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        `model registry: validation ${run.id} of cxr-triage 1.0.1-validation against ${manifest.version} on folder ${SET} started`,
        `model registry: cxr-triage 1.0.1-validation promoted to active after validation report ${run.id}, ${manifest.version} retired`,
      ]),
    );
    await registry.rollback('cxr-triage');
  }, 180_000);

  it('refuses a folder outside the root, a version that is not shadow, and a rejection without a reason; a failed run says why', async () => {
    const id = await candidate('1.0.2-validation');
    const outside = await post(`/api/admin/models/${id}/validations`, { confirmedCases: false, folder: '/etc' });
    expect(outside).toMatchObject({ status: 422, json: { error: expect.stringMatching(/^\/etc is not under the validation root/) } });
    expect((await post(`/api/admin/models/${id}/validations`, { confirmedCases: false })).json.error).toBe(
      'choose the confirmed cases, a labelled folder, or both',
    );
    const active = (await registry.active()).find((v) => v.modelId === 'cxr-triage')!;
    expect((await post(`/api/admin/models/${active.id}/validations`, { confirmedCases: true })).status).toBe(409);

    // A run whose folder is gone by the time the worker takes it fails with the reason.
    const store = new ValidationStore(db);
    const failing = await store.create(id, active.id, { confirmedCases: false, folder: 'no-such-set' }, ACCOUNTS.admin.name);
    await runValidation(failing.id, deps);
    expect(await getRun(failing.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^no-such-set: no such folder under the validation root/) });
    expect((await post(`/api/admin/validations/${failing.id}/reject`, { reason: 'x' })).status).toBe(409);

    const run = await post(`/api/admin/models/${id}/validations`, { confirmedCases: false, folder: SET });
    await runValidation(run.json.id, deps);
    expect((await post(`/api/admin/validations/${run.json.id}/reject`, { reason: ' ' })).json.error).toBe('give a reason for the rejection');
    const rejected = await post(`/api/admin/validations/${run.json.id}/reject`, { reason: 'worse specificity on our films' });
    expect(rejected.json.retired.state).toBe('retired');
    const history = (await call(server, `/api/admin/models/${id}/validations`, { headers: admin.headers })).json.validations as ValidationRun[];
    expect(history.map((r) => [r.state, r.decision?.kind ?? null])).toEqual([
      ['done', 'rejected'],
      ['failed', null],
    ]);
  }, 180_000);
});
