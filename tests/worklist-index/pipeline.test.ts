/**
 * Integration, the production path end to end without a browser: a chest study STOWed into Orthanc
 * (PostgreSQL index) → watcher (change log, StableStudy) → pg-boss queue → AI worker (onnxruntime-node)
 * → SEG + SR in Orthanc and the row's AI summary and urgency. Then: the same study enqueued twice is
 * analysed once; a worker killed (SIGKILL) mid-job is re-run by another after the job's expiry and the
 * study ends with exactly one AI result SR; Orthanc stopped and restarted, the watcher resumes from its
 * stored sequence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin } from '../../tools/postgres/postgres';
import { storeFiles } from '../../tools/seed/stow';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { getString } from '../../src/domain/dicom/dicom-json';
import { Tag } from '../../src/domain/dicom/tags';
import { TRIAGE_QUEUE, TriageQueue } from '../../server/queue/triage-queue';
import { loadLastSeq } from '../../server/watcher/cursor-store';
import { ChangeWatcher, DEFAULT_WATCHER_NAME } from '../../server/watcher/change-watcher';
import { directTransport } from '../../server/watcher/pacs-direct';
import { loadModels } from '../../server/worker/models';
import { reindex } from '../../server/worklist/reindex';
import { registryRunSet } from '../../server/models/run-set';
import { basicAuthHeader } from '../../tools/lib/pacs-config';
import { TriageWorker, type TriageReport } from '../../server/worker/triage-job';
import { parseWorklistQuery, queryWorklist } from '../../server/worklist/query';
import { firstImageOf } from '../../server/worklist/first-image';
import { chestStudy, type ChestStudy } from './support/chest-study';
import { startTestDatabase, type TestDatabase } from './support/database';

const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.33';
const SEG_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
/** Short for the test: a killed worker's job is retried after 8 s (production: 10 min). */
const QUEUE_SETTINGS = { expireInSeconds: 8, retryDelaySeconds: 1, retryLimit: 3, maintenanceIntervalSeconds: 1 };

let db: TestDatabase;
let pacs: PacsConfig;
let orthancDir: string;
let queue: TriageQueue;
let watcher: ChangeWatcher;
let worker: TriageWorker;
let models: LoadedModel[];
const reports: TriageReport[] = [];
const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

const rowOf = async (uid: string) => (await queryWorklist(db.pool, parseWorklistQuery({ limit: '500' }))).rows.find((r) => r.studyUid === uid);
const analysedRow = (uid: string) =>
  waitFor(`AI summary of ${uid}`, async () => {
    const row = await rowOf(uid);
    return row?.aiStatus === 'done' || row?.aiStatus === 'not-applicable' ? row : null;
  });

async function instancesByClass(uid: string): Promise<Record<string, number>> {
  const instances = await worker.client.searchInstances(uid);
  const counts: Record<string, number> = {};
  for (const ds of instances) counts[getString(ds, Tag.SOPClassUID)] = (counts[getString(ds, Tag.SOPClassUID)] ?? 0) + 1;
  return counts;
}

const analysedCount = (uid: string) => reports.filter((r) => r.studyUid === uid && r.outcome === 'analysed').length;

async function store(study: ChestStudy): Promise<void> {
  const report = await storeFiles(pacs, [{ name: `${study.accession}.dcm`, bytes: study.bytes }]);
  expect(report.rejected).toEqual([]);
}

async function startInProcessWorker(): Promise<void> {
  await queue.work(
    async (job) => {
      const report = await worker.run(job.data);
      reports.push(report);
      return report.outcome;
    },
    { pollingIntervalSeconds: 0.5 },
  );
}

beforeAll(async () => {
  db = await startTestDatabase('dokuei-pipeline-');
  orthancDir = join(db.root, 'orthanc');
  pacs = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(db.connection) });
  models = await loadModels(createOrtNodeBackend({ threads: 1 }));
  queue = await TriageQueue.open({ connectionString: db.connection.url, ...QUEUE_SETTINGS, log: () => {} });
  worker = new TriageWorker({ db: db.pool, transport: directTransport(pacs), models });
  watcher = new ChangeWatcher({
    db: db.pool,
    pacs,
    queue,
    models: async () => ({ key: worker.key, manifests: [], shadows: [] }),
    idleMs: 300,
    maxBackoffMs: 1500,
    log: () => {},
  });
  watcher.start();
  await startInProcessWorker();
}, 90_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await watcher?.stop();
  await queue?.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
  await Promise.all(models?.map((m) => m.session.release()) ?? []);
  if (orthancDir) await stopOrthanc(orthancDir);
  await db?.stop();
}, 90_000);

describe('STOW → watcher → queue → worker → worklist row', () => {
  const first = chestStudy('flow', { priority: 'HIGH' });

  it('a stored chest study appears ranked with its AI summary, with exactly one AI result SR and one SEG', async () => {
    await store(first);
    const row = await analysedRow(first.studyUid);
    expect(row).toMatchObject({ modality: 'CR', bodyPart: 'CHEST', priority: 'HIGH', accession: first.accession, readingState: 'unread' });
    expect(row.aiSummary?.modelKey).toBe(worker.key);
    expect(row.aiSummary?.srInstanceUid).toMatch(/^2\.25\.\d+$/);
    expect(['low', 'routine', 'urgent', 'critical']).toContain(row.urgency.level);
    expect(row.urgency.reasons.some((r) => r.kind === 'priority' && r.text === 'priority HIGH')).toBe(true);
    expect(await instancesByClass(first.studyUid)).toMatchObject({ [SR_CLASS]: 1, [SEG_CLASS]: 1 });
    expect(analysedCount(first.studyUid)).toBe(1);
    console.info(`worker stages (ms) for one study: ${JSON.stringify(reports.find((r) => r.outcome === 'analysed')?.ms)}`);
  });

  it("names the study's first image for its page: the CR's one frame, with the percentile stretch (no VOI tag)", async () => {
    const { known, hint } = await firstImageOf(db.pool, first.studyUid);
    expect(known).toBe(true);
    expect(hint).toMatchObject({ studyUid: first.studyUid, stretch: true, query: 'quality=90', maxSide: 2048 });
    expect(hint?.frameUrl).toMatch(new RegExp(`^/dicom-web/studies/${first.studyUid.replace(/\./g, '\\.')}/series/[0-9.]+/instances/[0-9.]+/frames/1$`));
    // Computed by the worker at arrival (its 'first-image' stage), before any page opened the study.
    expect(reports.find((r) => r.studyUid === first.studyUid && r.outcome === 'analysed')?.ms['first-image']).toBeGreaterThan(0);
  });

  it('the row keeps the image series fields after the SR became the newest instance (watcher saw the study again)', async () => {
    // Our SR and SEG made the study stable once more: wait for the watcher to have re-read it.
    await sleep(7000);
    const row = await rowOf(first.studyUid);
    expect(row).toMatchObject({ modality: 'CR', bodyPart: 'CHEST', priority: 'HIGH', aiStatus: row?.aiStatus });
    expect(analysedCount(first.studyUid)).toBe(1);
  });

  it('the same study enqueued twice is analysed once (one waiting job per study; a done study is skipped)', async () => {
    const twice = [await queue.enqueue({ studyUid: first.studyUid, reason: 'test' }), await queue.enqueue({ studyUid: first.studyUid, reason: 'test' })];
    expect(twice.filter(Boolean)).toHaveLength(1);
    await waitFor('the repeated job', async () => reports.some((r) => r.studyUid === first.studyUid && r.outcome === 'already-analysed'));
    expect(analysedCount(first.studyUid)).toBe(1);
    expect(await instancesByClass(first.studyUid)).toMatchObject({ [SR_CLASS]: 1, [SEG_CLASS]: 1 });
  });

  it('a forced re-run re-stores the same SOP instances: still exactly one SR and one SEG', async () => {
    const before = (await rowOf(first.studyUid))!.aiSummary!;
    const report = await worker.run({ studyUid: first.studyUid, force: true });
    expect(report.outcome).toBe('analysed');
    console.info(`worker stages (ms), forced re-run: ${JSON.stringify(report.ms)}`);
    expect(report.summary?.srInstanceUid).toBe(before.srInstanceUid);
    expect(report.summary?.segInstanceUid).toBe(before.segInstanceUid);
    expect(await instancesByClass(first.studyUid)).toMatchObject({ [SR_CLASS]: 1, [SEG_CLASS]: 1 });
  });
});

describe('a worker killed mid-job', () => {
  it('the job is re-run by another worker after its expiry; the study ends with exactly one AI result SR', async () => {
    // Only the child works the queue now.
    await queue.boss.offWork(TRIAGE_QUEUE);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DOKUEI_DATABASE_URL: db.connection.url,
        DOKUEI_PACS_URL: pacs.url,
        DOKUEI_PACS_USER: pacs.username,
        DOKUEI_PACS_PASSWORD: pacs.password,
        DOKUEI_TRIAGE_EXPIRE_SECONDS: String(QUEUE_SETTINGS.expireInSeconds),
        DOKUEI_TRIAGE_RETRY_DELAY_SECONDS: String(QUEUE_SETTINGS.retryDelaySeconds),
        DOKUEI_TRIAGE_RETRY_LIMIT: String(QUEUE_SETTINGS.retryLimit),
        DOKUEI_WORKER_POLL_SECONDS: '0.5',
        DOKUEI_WORKER_PAUSE_AFTER_STORE_MS: '120000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the child worker to be ready', async () => output.includes('ready: working queue triage'), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${output}`);
    });

    const study = chestStudy('kill', { png: 'images/00000002_000.png' });
    await store(study);
    // Mid-job: the SEG and SR are in the PACS, the job is still active, the row not yet updated.
    await waitFor('the child to hold the job', async () => output.includes(`holding study ${study.studyUid}`));
    const held = await db.pool.query<{ id: string }>(`SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state = 'active'`, [
      TRIAGE_QUEUE,
      study.studyUid,
    ]);
    expect(held.rowCount).toBe(1);
    const killedJob = held.rows[0].id;
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    await startInProcessWorker();
    const row = await analysedRow(study.studyUid);
    expect(row.aiSummary?.modelKey).toBe(worker.key);
    // The killed job itself expires, is retried and completes (the SR our StableStudy re-enqueue may
    // have read back first: either way no second analysis, no second SR).
    const retried = await waitFor('the killed job to be retried and completed', async () => {
      const { rows } = await db.pool.query(`SELECT state, retry_count FROM pgboss.job WHERE name = $1 AND id = $2`, [TRIAGE_QUEUE, killedJob]);
      return rows[0]?.state === 'completed' ? rows[0] : null;
    });
    expect(retried.retry_count).toBeGreaterThanOrEqual(1);
    expect(analysedCount(study.studyUid)).toBe(0);
    expect(await instancesByClass(study.studyUid)).toMatchObject({ [SR_CLASS]: 1, [SEG_CLASS]: 1 });
  }, 120_000);
});

describe('Orthanc stopped and restarted', () => {
  it('the watcher backs off, resumes from its stored sequence and picks up a study stored after the restart', async () => {
    const seqBefore = await loadLastSeq(db.pool, DEFAULT_WATCHER_NAME);
    expect(seqBefore).toBeGreaterThan(0);
    await stopOrthanc(orthancDir);
    await waitFor('the watcher to notice the outage', async () => watcher.lastError !== null, 15_000);
    await sleep(5000);
    expect(await loadLastSeq(db.pool, DEFAULT_WATCHER_NAME)).toBe(seqBefore);
    const restarted = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(db.connection) });
    expect(restarted.url).toBe(pacs.url);

    const study = chestStudy('restart', { priority: 'STAT', png: 'images/00000003_000.png' });
    await store(study);
    const row = await analysedRow(study.studyUid);
    expect(row).toMatchObject({ priority: 'STAT', accession: study.accession });
    expect(row.urgency.level).toBe('critical');
    expect(watcher.lastError).toBeNull();
    expect(await loadLastSeq(db.pool, DEFAULT_WATCHER_NAME)).toBeGreaterThan(seqBefore!);
    expect(await instancesByClass(study.studyUid)).toMatchObject({ [SR_CLASS]: 1 });
  }, 120_000);
});

describe('reading state and rebuild', () => {
  it('a reading-state write in Orthanc (metadata 1024, UpdatedMetadata on the change log) reaches the row', async () => {
    const { rows } = await db.pool.query<{ study_uid: string; orthanc_id: string }>("SELECT study_uid, orthanc_id FROM worklist WHERE accession = 'ACC-flow'");
    const state = { status: 'in-progress', stamp: { by: 'alice', at: new Date().toISOString() } };
    const response = await fetch(`${pacs.url}/studies/${rows[0].orthanc_id}/metadata/1024`, {
      method: 'PUT',
      headers: { Authorization: basicAuthHeader(pacs)!, 'Content-Type': 'text/plain' },
      body: JSON.stringify(state),
    });
    expect(response.ok).toBe(true);
    const row = await waitFor(
      'the reading state on the row',
      async () => {
        const found = await rowOf(rows[0].study_uid);
        return found?.readingState === 'in-progress' ? found : null;
      },
      15_000,
    );
    expect(row.claimedBy).toBe('alice');
  });

  it('npm run reindex rebuilds every row from Orthanc alone (fields from image series, AI from the SRs, reading state)', async () => {
    await watcher.stop();
    const before = (await queryWorklist(db.pool, parseWorklistQuery({ sort: 'accession', limit: '500' }))).rows;
    await db.pool.query('DELETE FROM worklist');
    const report = await reindex({ db: db.pool, pacs, models: await registryRunSet(db.pool), pageSize: 2 });
    expect(report).toMatchObject({ studies: before.length, withAiResult: before.length, removed: 0 });
    const after = (await queryWorklist(db.pool, parseWorklistQuery({ sort: 'accession', limit: '500' }))).rows;
    const essentials = (r: (typeof after)[number]) => ({
      studyUid: r.studyUid,
      modality: r.modality,
      bodyPart: r.bodyPart,
      priority: r.priority,
      accession: r.accession,
      readingState: r.readingState,
      claimedBy: r.claimedBy,
      aiStatus: r.aiStatus,
      level: r.urgency.level,
      positives: r.aiSummary?.positives,
      srInstanceUid: r.aiSummary?.srInstanceUid,
      modelKey: r.aiSummary?.modelKey,
    });
    expect(after.map(essentials)).toEqual(before.map(essentials));
    expect(after.every((r) => r.modality === 'CR')).toBe(true);
  }, 60_000);
});
