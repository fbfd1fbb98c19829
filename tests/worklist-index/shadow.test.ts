/**
 * Integration, shadow mode on the real stack (Orthanc with its PostgreSQL index, the registry, the
 * worker on onnxruntime-node): a shadow version of cxr-triage that flags every label (threshold 0.01)
 * runs on an arrival after the active models; its row is stored, the worklist row's AI summary and
 * urgency are exactly those of the same image analysed without a shadow version, and a second run
 * neither runs nor duplicates it. The watcher's run set names the shadow version until its row exists.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin } from '../../tools/postgres/postgres';
import { storeFiles } from '../../tools/seed/stow';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import type { ModelManifest } from '../../src/domain/ai/manifest';
import { ModelFileStore } from '../../server/models/file-store';
import { registerCommittedModels } from '../../server/models/register-committed';
import { ModelRegistry } from '../../server/models/registry';
import { registryRunSet } from '../../server/models/run-set';
import { versionsWithoutResult } from '../../server/monitoring/shadow-results';
import { ActiveModels } from '../../server/worker/active-models';
import { MODELS_DIR } from '../../server/worker/models';
import { TriageWorker } from '../../server/worker/triage-job';
import { directTransport } from '../../server/watcher/pacs-direct';
import { parseWorklistQuery, queryWorklist } from '../../server/worklist/query';
import { chestStudy, type ChestStudy } from './support/chest-study';
import { startTestDatabase, type TestDatabase } from './support/database';

const SHADOW_VERSION = '1.1.0-shadow-test';

let db: TestDatabase;
let pacs: PacsConfig;
let orthancDir: string;
let registry: ModelRegistry;
let active: ActiveModels;

const rowOf = async (uid: string) => (await queryWorklist(db.pool, parseWorklistQuery({ limit: '500' }))).rows.find((r) => r.studyUid === uid);
const shadowRows = async (uid: string) =>
  (
    await db.pool.query<{ version: string; image_uid: string | null; computed_at: Date; findings: number; positives: number; infer_ms: number }>(
      `SELECT r.version, r.image_uid, r.computed_at, r.infer_ms, count(f.label)::int AS findings, count(*) FILTER (WHERE f.positive)::int AS positives
       FROM shadow_results r LEFT JOIN shadow_findings f USING (study_uid, model_id, version)
       WHERE r.study_uid = $1 GROUP BY r.version, r.image_uid, r.computed_at, r.infer_ms`,
      [uid],
    )
  ).rows;

type Row = Awaited<ReturnType<typeof rowOf>>;
/** Urgency without the time waited (it grows between two reads). */
const urgencyOf = (row: Row) => ({ level: row?.urgency.level, reasons: row?.urgency.reasons.filter((r) => r.kind !== 'waiting') });

async function store(study: ChestStudy): Promise<void> {
  expect((await storeFiles(pacs, [{ name: `${study.accession}.dcm`, bytes: study.bytes }])).rejected).toEqual([]);
}

/** The worker as `npm run worker` builds it: the registry's active and shadow sets. */
async function worker(): Promise<TriageWorker> {
  const { models, shadows } = await active.current();
  return new TriageWorker({ db: db.pool, transport: directTransport(pacs), models, shadows });
}

/** cxr-triage's committed manifest under a new version whose every label is flagged. */
function flagEverything(manifest: ModelManifest): ModelManifest {
  type Threshold = { value: number; operatingPoint?: string; points?: Record<string, { value: number }> };
  const copy = structuredClone(manifest) as ModelManifest & { heads: { thresholds?: Record<string, Threshold> }[] };
  copy.version = SHADOW_VERSION;
  for (const head of copy.heads) {
    for (const threshold of Object.values(head.thresholds ?? {})) {
      threshold.value = 0.01;
      const point = threshold.operatingPoint && threshold.points?.[threshold.operatingPoint];
      if (point) point.value = 0.01;
    }
  }
  return copy;
}

beforeAll(async () => {
  db = await startTestDatabase('dokuei-shadow-');
  orthancDir = join(db.root, 'orthanc');
  pacs = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(db.connection) });
  const files = new ModelFileStore(join(db.root, 'model-store'));
  registry = new ModelRegistry({ db: db.pool, files });
  await registerCommittedModels(registry, MODELS_DIR);
  active = new ActiveModels({ db: db.pool, files, backend: createOrtNodeBackend({ threads: 1 }), fallbackDir: MODELS_DIR, log: () => {} });
}, 90_000);

afterAll(async () => {
  const current = await active?.current().catch(() => null);
  await Promise.all([...(current?.models ?? []), ...(current?.shadows ?? [])].map((m) => m.session.release()));
  if (orthancDir) await stopOrthanc(orthancDir);
  await db?.stop();
}, 60_000);

describe('shadow mode', () => {
  const plain = chestStudy('shadow-before');
  const arrival = chestStudy('shadow-arrival');

  it('a shadow version stores its own row beside the active result and leaves the row and its urgency unchanged', async () => {
    await store(plain);
    const before = await (await worker()).run({ studyUid: plain.studyUid });
    expect(before.outcome).toBe('analysed');
    expect(before.shadows).toBeUndefined();
    const reference = await rowOf(plain.studyUid);

    const triage = (await registry.active()).find((v) => v.modelId === 'cxr-triage')!;
    const uploaded = await registry.addManifest(flagEverything(triage.manifest), 'admin');
    const validated = await registry.addFile(uploaded.id, registry.files.read(triage.sha256));
    expect(validated.state).toBe('shadow');
    // Validated but not set running: not run.
    expect((await registryRunSet(db.pool)).shadows).toEqual([]);
    expect((await registry.setShadowRun(validated.id, true)).shadowRun).toBe(true);
    const runSet = await registryRunSet(db.pool);
    expect(runSet.shadows.map((s) => s.version)).toEqual([SHADOW_VERSION]);

    // The same image arriving as a new study, now with the shadow version running.
    await store(arrival);
    const analysed = await (await worker()).run({ studyUid: arrival.studyUid });
    expect(analysed.outcome).toBe('analysed');
    expect(analysed.shadows).toBe(1);
    expect(analysed.ms.shadow).toBeGreaterThan(0);

    const [shadow] = await shadowRows(arrival.studyUid);
    expect(shadow).toMatchObject({ version: SHADOW_VERSION, findings: 3, positives: 3 });
    expect(shadow.image_uid).toMatch(/^2\.25\./);
    expect(shadow.infer_ms).toBeGreaterThan(0);
    expect(await versionsWithoutResult(db.pool, arrival.studyUid, runSet.shadows)).toEqual([]);

    const row = await rowOf(arrival.studyUid);
    expect(row?.aiSummary?.modelKey).toBe(reference?.aiSummary?.modelKey);
    expect(row?.aiSummary?.positives).toEqual(reference?.aiSummary?.positives);
    expect(row?.aiSummary?.positives.length).toBeLessThan(3);
    expect(urgencyOf(row)).toEqual(urgencyOf(reference));
  }, 120_000);

  it('a second run neither analyses again nor duplicates the shadow row', async () => {
    const [first] = await shadowRows(arrival.studyUid);
    const again = await (await worker()).run({ studyUid: arrival.studyUid });
    expect(again.outcome).toBe('already-analysed');
    expect(again.shadows).toBeUndefined();
    const rows = await shadowRows(arrival.studyUid);
    expect(rows).toHaveLength(1);
    expect(rows[0].computed_at).toEqual(first.computed_at);
  }, 60_000);

  it('a study analysed before the shadow version ran gets only its shadow row on its next job', async () => {
    const before = await rowOf(plain.studyUid);
    const report = await (await worker()).run({ studyUid: plain.studyUid });
    expect(report.outcome).toBe('already-analysed');
    expect(report.shadows).toBe(1);
    expect(await shadowRows(plain.studyUid)).toHaveLength(1);
    expect(urgencyOf(await rowOf(plain.studyUid))).toEqual(urgencyOf(before));
  }, 60_000);

  it('a promotion stops the shadow run; the run set then has the new active key', async () => {
    const before = await registryRunSet(db.pool);
    const shadow = (await registry.list()).find((v) => v.version === SHADOW_VERSION)!;
    await registry.promote(shadow.id);
    const after = await registryRunSet(db.pool);
    expect(after.shadows).toEqual([]);
    expect(after.key).not.toBe(before.key);
    expect(after.key).toContain(`cxr-triage@${SHADOW_VERSION}:`);
  });
});
