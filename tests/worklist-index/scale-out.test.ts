/**
 * The department topology on one machine, every part a real process: one PostgreSQL; two Orthancs on
 * its index and one shared storage (A ingests, B serves DICOMweb); two Dokuei servers (sessions and
 * the worklist index in PostgreSQL, one of them leading the change-log watcher); two headless AI
 * workers, each talking to the PACS only through a different server's gateway with a service token.
 * Studies stored into Orthanc A end up ranked with their AI results in the worklist that a reader,
 * signed in on server 1, reads from server 2 — live over Server-Sent Events — with exactly one AI
 * result SR per study, and both workers took part.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, signIn, type SignedIn, startDokueiServer } from '../../tools/lib/dokuei-server';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin } from '../../tools/postgres/postgres';
import { storeFiles } from '../../tools/seed/stow';
import { chestStudy, CHEST_PNGS } from './support/chest-study';
import { startTestDatabase, type TestDatabase } from './support/database';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SR_CLASS = '1.2.840.10008.5.1.4.1.1.88.33';
const READER = { name: 'reader', password: 'scale-out-pw-1', role: 'reader' as const, dicomName: 'Reader^Scale' };
const WORKER = { name: 'ai-worker', password: '', role: 'service' as const };
const STUDIES = Array.from({ length: 6 }, (_, i) =>
  chestStudy(`scale${i}`, { priority: i % 3 === 0 ? 'STAT' : 'ROUTINE', png: CHEST_PNGS[i % CHEST_PNGS.length] }),
);

let db: TestDatabase;
let ingest: PacsConfig;
let serving: PacsConfig;
const orthancDirs: string[] = [];
const servers: RunningServer[] = [];
const workers: { child: ChildProcess; log: string[] }[] = [];
let session: SignedIn;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function startWorker(server: RunningServer): { child: ChildProcess; log: string[] } {
  const log: string[] = [];
  const child = spawn(join(REPO, 'node_modules/.bin/tsx'), ['server/worker/main.ts'], {
    cwd: REPO,
    env: {
      ...process.env,
      DOKUEI_DATABASE_URL: db.connection.url,
      DOKUEI_WORKER_SERVER_URL: server.baseURL,
      DOKUEI_WORKER_TOKEN: server.tokens[WORKER.name],
      DOKUEI_WORKER_POLL_SECONDS: '0.5',
      DOKUEI_PACS_URL: '', // no PACS credentials: the gateway is its only way in
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, log };
}

const worklistOn = async (server: RunningServer) => {
  const answer = await fetch(`${server.baseURL}/api/worklist?limit=100&sort=urgency`, {
    headers: { Cookie: `${session.cookie.name}=${session.cookie.value}` },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as { rows: { studyUid: string; aiStatus: string; urgency: { level: string } }[]; total: number };
};

async function orthancInstances(pacs: PacsConfig, studyUid: string): Promise<{ '00080016'?: { Value?: string[] } }[]> {
  const answer = await fetch(`${pacs.url}/dicom-web/studies/${studyUid}/instances`, {
    headers: { Authorization: basicAuthHeader(pacs) ?? '', Accept: 'application/dicom+json' },
  });
  return answer.status === 204 ? [] : ((await answer.json()) as never);
}

beforeAll(async () => {
  db = await startTestDatabase('dokuei-scale-out-');
  const index = orthancIndexLogin(db.connection);
  const storage = join(db.root, 'archive');
  mkdirSync(storage, { recursive: true });
  orthancDirs.push(join(db.root, 'orthanc-ingest'), join(db.root, 'orthanc-serving'));
  [ingest, serving] = await Promise.all(orthancDirs.map((dir) => startOrthanc(dir, { postgres: index, storageDir: storage })));
  for (const name of ['server-1', 'server-2']) {
    servers.push(
      await startDokueiServer({
        dir: join(db.root, name),
        distDir: join(db.root, 'no-build'),
        pacs: serving,
        accounts: [READER, WORKER],
        env: { DOKUEI_DATABASE_URL: db.connection.url },
      }),
    );
  }
  session = await signIn(servers[0].baseURL, READER.name, READER.password);
  workers.push(startWorker(servers[0]), startWorker(servers[1]));
  await waitFor('both workers ready', async () => workers.every((w) => w.log.some((line) => line.includes('ready: working queue triage'))), 90_000);
}, 180_000);

afterAll(async () => {
  for (const { child } of workers) child.kill('SIGKILL');
  for (const server of servers) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  await sleep(1500);
  await Promise.all(orthancDirs.map((dir) => stopOrthanc(dir)));
  await db?.stop();
}, 90_000);

describe('two Orthancs, two servers, two workers over one PostgreSQL', () => {
  it('studies stored into the ingesting Orthanc are ranked with AI results in every server’s worklist', async () => {
    const events: string[] = [];
    const stream = new AbortController();
    void fetch(`${servers[1].baseURL}/api/worklist/events`, { headers: { Cookie: `${session.cookie.name}=${session.cookie.value}` }, signal: stream.signal })
      .then(async (answer) => {
        const reader = answer.body!.getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events.push(Buffer.from(value).toString());
        }
      })
      .catch(() => undefined);

    const report = await storeFiles(
      ingest,
      STUDIES.map((s) => ({ name: `${s.accession}.dcm`, bytes: s.bytes })),
    );
    expect(report.rejected).toEqual([]);

    // Orthanc's StableAge, the watcher, six analyses on two workers: well within two minutes.
    const list = await waitFor(
      'every study analysed in server 2’s worklist',
      async () => {
        const answer = await worklistOn(servers[1]);
        const ours = answer.rows.filter((row) => STUDIES.some((s) => s.studyUid === row.studyUid));
        return ours.length === STUDIES.length && ours.every((row) => row.aiStatus === 'done') ? answer : null;
      },
      150_000,
    );
    stream.abort();
    expect(list.total).toBe(STUDIES.length);
    const first = await worklistOn(servers[0]);
    expect(
      first.rows.map((r) => r.studyUid),
      'both servers read the same index',
    ).toEqual(list.rows.map((r) => r.studyUid));

    for (const study of STUDIES) {
      const instances = await orthancInstances(ingest, study.studyUid);
      expect(
        instances.filter((ds) => ds['00080016']?.Value?.[0] === SR_CLASS),
        `AI result SRs of ${study.accession}`,
      ).toHaveLength(1);
    }
    const analysedBy = workers.map((w) => w.log.filter((line) => / analysed in \d+ ms/.test(line)).length);
    expect(analysedBy.reduce((a, b) => a + b, 0)).toBe(STUDIES.length);
    expect(Math.min(...analysedBy), `jobs per worker: ${analysedBy.join(', ')}`).toBeGreaterThan(0);
    expect(events.join(''), 'live updates reached the reader on server 2').toContain('event: worklist');
  }, 240_000);
});
