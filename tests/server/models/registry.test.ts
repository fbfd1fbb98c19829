/**
 * The model registry over a real private PostgreSQL and a real socket: the committed models as the
 * first active versions, an admin's upload (manifest, then file), refusals with their messages,
 * promotion, rollback (seen by a headless worker's next job), the audit trail, and what readers may (not) do.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, stopPostgres } from '../../../tools/postgres/postgres';
import { migrate } from '../../../server/db/migrate';
import { openDatabase } from '../../../server/db/pool';
import { ModelFileStore } from '../../../server/models/file-store';
import { registerCommittedModels } from '../../../server/models/register-committed';
import { ModelRegistry } from '../../../server/models/registry';
import { createOrtNodeBackend } from '../../../src/services/inference/runtime/ort-node';
import { ActiveModels, modelFileFromServer } from '../../../server/worker/active-models';
import { ACCOUNTS, call, removeTestServer, SERVICE_TOKEN, signIn, type SignedIn, startTestServer, type TestServer } from '../support/core-server';

const root = mkdtempSync(join(tmpdir(), 'dokuei-registry-'));
chmodSync(root, 0o711); // the cluster runs as `postgres`, which must traverse down to it
const triageManifest = JSON.parse(readFileSync('models/cxr-triage.json', 'utf8')) as Record<string, unknown>;
const triageBytes = readFileSync('models/cxr-triage.onnx');
const NEW_VERSION = '1.0.1-test';
/** The committed versions (models/*.json): what the registry starts with. */
const committed = (id: string) => `${id}@${(JSON.parse(readFileSync(`models/${id}.json`, 'utf8')) as { version: string }).version}`;
const [LUNGS, QA, TRIAGE] = ['cxr-lungs', 'cxr-qa', 'cxr-triage'].map(committed);
const TRIAGE_VERSION = TRIAGE.split('@')[1];

let db: pg.Pool;
let registry: ModelRegistry;
let server: TestServer;
let admin: SignedIn;
let reader: SignedIn;

beforeAll(async () => {
  db = openDatabase((await startPostgres(join(root, 'postgres'))).url);
  await migrate(db);
  registry = new ModelRegistry({ db, files: new ModelFileStore(join(root, 'model-store')) });
  server = await startTestServer({ deps: { db, registry }, config: { maxModelBytes: 3_000_000 } });
  admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
  reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
}, 90_000);

afterAll(async () => {
  await removeTestServer(server);
  await db?.end();
  await stopPostgres(join(root, 'postgres'));
  rmSync(root, { recursive: true, force: true });
}, 60_000);

/** A binary upload (the shared helper sends JSON). */
async function putFile(who: SignedIn, ref: number | string, bytes: Uint8Array<ArrayBuffer>) {
  const response = await fetch(`${server.url}/api/admin/models/${ref}/file`, {
    method: 'PUT',
    headers: { ...who.headers, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  return { status: response.status, json: (await response.json()) as { error?: string; issues?: string[]; state?: string } };
}

const post = (who: SignedIn, path: string, body?: unknown) =>
  call(server, path, { method: 'POST', headers: who.headers, ...(body === undefined ? {} : { body }) });
const activeVersions = async () =>
  ((await call(server, '/api/models/active', { headers: { cookie: reader.cookie } })).json.models as { id: string; version: string }[]).map(
    (m) => `${m.id}@${m.version}`,
  );

describe('model registry', () => {
  it('registers the committed models once, as the active versions, and serves them by sha256', async () => {
    expect((await registerCommittedModels(registry)).map((v) => `${v.modelId}:${v.state}`).sort()).toEqual([
      'cxr-lungs:active',
      'cxr-qa:active',
      'cxr-triage:active',
    ]);
    expect(await registerCommittedModels(registry)).toEqual([]);

    const active = await call(server, '/api/models/active', { headers: { cookie: reader.cookie } });
    expect(active.status).toBe(200);
    expect(active.json.models.map((m: { id: string }) => m.id)).toEqual(['cxr-qa', 'cxr-triage', 'cxr-lungs']);
    const triage = active.json.models.find((m: { id: string }) => m.id === 'cxr-triage');
    expect(triage.manifestUrl).toBe(`/api/models/manifests/cxr-triage%40${TRIAGE_VERSION}.json`);
    expect((await call(server, triage.manifestUrl, { headers: { cookie: reader.cookie } })).json).toEqual(triageManifest);
    const file = await fetch(`${server.url}${triage.modelUrl}`, { headers: { cookie: reader.cookie } });
    expect(Buffer.from(await file.arrayBuffer()).equals(triageBytes)).toBe(true);
    expect(file.headers.get('cache-control')).toContain('immutable');
    // Workers elsewhere (docker-compose) fetch the same file as a service account.
    expect(Buffer.from(await modelFileFromServer(server.url, SERVICE_TOKEN)(triage.sha256)).equals(triageBytes)).toBe(true);

    expect((await call(server, '/api/models/active')).status).toBe(401);
    expect((await call(server, `/api/models/files/${'0'.repeat(64)}.onnx`, { headers: { cookie: reader.cookie } })).status).toBe(404);
  });

  it('refuses a malformed manifest with one message per problem', async () => {
    const answer = await post(admin, '/api/admin/models', { ...triageManifest, version: '1/2', sha256: 'xyz' });
    expect(answer.status).toBe(422);
    expect(answer.json.error).toMatch(/^the manifest is not valid/);
    expect(answer.json.issues).toEqual([expect.stringMatching(/^sha256: expected a string matching/), expect.stringMatching(/^version: expected letters/)]);
    expect((await post(admin, '/api/admin/models', '{"id": ')).status).toBe(400);
  });

  it('refuses a file whose sha256 differs, then takes the right one, promotes it and rolls back', async () => {
    const uploaded = await post(admin, '/api/admin/models', { ...triageManifest, version: NEW_VERSION });
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({ modelId: 'cxr-triage', version: NEW_VERSION, state: 'uploaded' });
    const id = uploaded.json.id as number;
    expect((await post(admin, '/api/admin/models', { ...triageManifest, version: NEW_VERSION })).status).toBe(409);

    const tampered = new Uint8Array(triageBytes);
    tampered[tampered.length - 1] ^= 1;
    const refused = await putFile(admin, id, tampered);
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatch(/^the file does not match the manifest: sha256: the file's is [0-9a-f]{64}, the manifest says 663eb17b/);
    expect((await registry.find(id)).state).toBe('uploaded');
    expect((await post(admin, `/api/admin/models/${id}/promote`)).status).toBe(409);

    const worker = new ActiveModels({ db, files: registry.files, backend: createOrtNodeBackend(), fallbackDir: 'models-none', log: () => {} });
    const versionsOf = (models: { manifest: { id: string; version: string } }[]) => models.map((m) => `${m.manifest.id}@${m.manifest.version}`).sort();
    expect(versionsOf((await worker.current()).models)).toEqual([LUNGS, QA, TRIAGE]);

    const validated = await putFile(admin, id, triageBytes);
    expect(validated).toMatchObject({ status: 200, json: { state: 'shadow', messages: [] } });
    expect(await activeVersions()).toContain(TRIAGE);

    const promoted = await post(admin, `/api/admin/models/${id}/promote`);
    expect(promoted.status).toBe(200);
    expect(promoted.json).toMatchObject({ promoted: { version: NEW_VERSION, state: 'active' }, retired: { version: TRIAGE_VERSION, state: 'retired' } });
    expect(await activeVersions()).toEqual([QA, `cxr-triage@${NEW_VERSION}`, LUNGS]);
    const afterPromotion = await worker.current();
    expect(afterPromotion.changed).toBe(true);
    expect(versionsOf(afterPromotion.models)).toContain(`cxr-triage@${NEW_VERSION}`);
    expect((await worker.current()).changed).toBe(false);

    const rolledBack = await post(admin, '/api/admin/models/cxr-triage/rollback');
    expect(rolledBack.json).toMatchObject({ restored: { version: TRIAGE_VERSION, state: 'active' }, retired: { version: NEW_VERSION, state: 'retired' } });
    expect(await activeVersions()).toContain(TRIAGE);
    expect(versionsOf((await worker.current()).models)).toContain(TRIAGE);
    expect((await post(admin, '/api/admin/models/cxr-qa/rollback')).json.error).toBe('cxr-qa has no earlier active version to roll back to');

    const audit = await server.app.audit.query({ event: 'Application Activity' });
    expect(audit.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        `model registry: cxr-triage ${NEW_VERSION} promoted to active, ${TRIAGE_VERSION} retired`,
        `model registry: cxr-triage rolled back from ${NEW_VERSION} to ${TRIAGE_VERSION}`,
        expect.stringMatching(/^model registry: file upload refused: the file does not match the manifest/),
      ]),
    );
  });

  it('refuses a file whose graph does not fit the manifest and keeps the version uploaded with the messages', async () => {
    const head = (triageManifest.heads as Record<string, unknown>[])[0];
    const uploaded = await post(admin, '/api/admin/models', { ...triageManifest, version: '9.9.9', heads: [{ ...head, output: 'scores' }] });
    const refused = await putFile(admin, uploaded.json.id as number, triageBytes);
    expect(refused.status).toBe(422);
    expect(refused.json.issues).toEqual(['heads[0].output: the model has no output "scores" (it has logits, cam, ood)']);
    expect(await registry.find(uploaded.json.id as number)).toMatchObject({ state: 'uploaded', messages: refused.json.issues });
  });

  it('lets only admins upload or decide, refuses oversized files unread, and audits the refusal', async () => {
    expect((await post(reader, '/api/admin/models', triageManifest)).status).toBe(403);
    expect((await putFile(reader, 1, triageBytes)).status).toBe(403);
    expect((await post(reader, '/api/admin/models/cxr-triage/rollback')).status).toBe(403);
    expect((await call(server, '/api/admin/models', { headers: { cookie: reader.cookie } })).status).toBe(403);
    const alerts = await server.app.audit.query({ event: 'Security Alert', user: ACCOUNTS.reader.name });
    expect(alerts.map((r) => r.detail)).toContain('POST /api/admin/models refused: needs the admin role');

    const tooLarge = await putFile(admin, 1, new Uint8Array(3_000_001));
    expect(tooLarge).toMatchObject({ status: 413, json: { error: 'The request body is too large.' } });
    expect((await putFile(admin, 'abc', triageBytes)).json.error).toBe('"abc" is not a version number');
  });
});
