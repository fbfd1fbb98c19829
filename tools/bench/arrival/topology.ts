/**
 * The arrival-time triage topology as real processes, all throw-away under one temp folder: a private
 * PostgreSQL (tools/postgres), Orthanc on its index (tools/orthanc, the project's configuration), the
 * Dokuei server on that database (its watcher enqueues a pg-boss triage job per StableStudy) and
 * `npm run worker` processes that reach the PACS through the server's gateway with a service token,
 * as docker-compose runs them. stop() ends everything it started, by PID, whatever state it is in.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { stopGroup } from '../../../e2e/support/processes';
import { openDatabase } from '../../../server/db/pool';
import { type RunningServer, signIn, type SignedIn, startDokueiServer } from '../../lib/dokuei-server';
import type { PacsConfig } from '../../lib/pacs-config';
import { isAlive, sleep } from '../../lib/process';
import { startOrthanc, stopOrthanc } from '../../orthanc/orthanc';
import { orthancIndexLogin, startPostgres, stopPostgres } from '../../postgres/postgres';
import { analysedJobs, type LoggedJob } from './worker-log';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const TSX = join(REPO, 'node_modules/.bin/tsx');
const READY_LINE = 'ready: working queue triage';
/** Model loading (sha256 of every model, session creation) on a busy 2-core machine. */
const WORKER_READY_TIMEOUT_MS = 120_000;

/** One `npm run worker` process (its own process group: tsx and the node it starts). */
export class BenchWorker {
  private paused = false;

  constructor(
    readonly name: string,
    readonly pid: number,
    readonly logPath: string,
  ) {}

  log(): string {
    return readLog(this.logPath);
  }

  /** The jobs the worker logged as analysed, in order, with their stages. */
  jobs(): LoggedJob[] {
    return analysedJobs(this.log());
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + WORKER_READY_TIMEOUT_MS;
    while (!this.log().includes(READY_LINE)) {
      if (!isAlive(this.pid)) throw new Error(`worker ${this.name} exited before it was ready:\n${tail(this.log())}`);
      if (Date.now() > deadline) throw new Error(`worker ${this.name} not ready within ${WORKER_READY_TIMEOUT_MS / 1000} s:\n${tail(this.log())}`);
      await sleep(250);
    }
  }

  /** SIGSTOP / SIGCONT to the whole group: a backlog can pile up in the queue while the models stay loaded. */
  pause(): void {
    this.signal('SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    this.signal('SIGCONT');
    this.paused = false;
  }

  async stop(): Promise<void> {
    if (this.paused) this.resume(); // a stopped process would hold SIGTERM until continued
    await stopGroup(this.pid, 5000);
  }

  private signal(name: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, name);
    } catch {
      // gone already
    }
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

const tail = (text: string, lines = 15) => text.trimEnd().split('\n').slice(-lines).join('\n');

export interface Topology {
  root: string;
  pacs: PacsConfig;
  /** The bench's own connection to the Dokuei database (queue counts). */
  db: pg.Pool;
  server: RunningServer;
  /** A reader's session on the server: the worklist is read as a reader's browser reads it. */
  reader: SignedIn;
  workers: BenchWorker[];
  startWorker(): Promise<BenchWorker>;
  /** Throws, with the log's tail, when the server or a worker has died: a clear message instead of a timeout. */
  assertRunning(): void;
  stop(): Promise<void>;
}

const WORKER_ACCOUNT = { name: 'ai-worker', password: '', role: 'service' as const };

export async function startTopology(log: (line: string) => void): Promise<Topology> {
  const root = mkdtempSync(join(tmpdir(), 'dokuei-bench-arrival-'));
  chmodSync(root, 0o711); // as root the cluster runs as `postgres`, which must reach its folder
  const postgresDir = join(root, 'postgres');
  const orthancDir = join(root, 'orthanc');
  const workers: BenchWorker[] = [];
  let server: RunningServer | null = null;
  let db: pg.Pool | null = null;

  const stop = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    if (server) await stopGroup(server.pid, 10_000);
    await db?.end().catch(() => undefined);
    await stopOrthanc(orthancDir).catch(() => undefined);
    await stopPostgres(postgresDir).catch(() => undefined);
    if (process.env.DOKUEI_BENCH_KEEP === '1') log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };

  try {
    const connection = await startPostgres(postgresDir);
    const pacs = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(connection) });
    log(`PostgreSQL on port ${connection.port}, Orthanc at ${pacs.url} on its index (temp root ${root})`);
    const reader = { name: 'bench', password: randomBytes(18).toString('base64url'), role: 'reader' as const, dicomName: 'Bench^Reader' };
    server = await startDokueiServer({
      dir: join(root, 'server'),
      distDir: join(root, 'no-build'), // the API only: no app build needed
      pacs,
      accounts: [reader, WORKER_ACCOUNT],
      env: { DOKUEI_DATABASE_URL: connection.url },
    });
    log(`Dokuei server at ${server.baseURL} (worklist index, watcher, triage queue)`);
    db = openDatabase(connection.url, { max: 2, applicationName: 'dokuei-bench' });
    const session = await signIn(server.baseURL, reader.name, reader.password);
    const running = server;

    const startWorker = async () => {
      const name = `worker-${workers.length + 1}`;
      const logPath = join(root, `${name}.log`);
      const out = openSync(logPath, 'a');
      const child = spawn(TSX, ['server/worker/main.ts'], {
        cwd: REPO,
        detached: true,
        stdio: ['ignore', out, out],
        env: {
          ...process.env,
          DOKUEI_DATABASE_URL: connection.url,
          DOKUEI_WORKER_SERVER_URL: running.baseURL,
          DOKUEI_WORKER_TOKEN: running.tokens[WORKER_ACCOUNT.name],
          DOKUEI_PACS_URL: '', // the gateway is its only way in, as in docker-compose
        },
      });
      closeSync(out);
      if (!child.pid) throw new Error(`could not start ${name}`);
      child.unref();
      const worker = new BenchWorker(name, child.pid, logPath);
      workers.push(worker);
      await worker.ready();
      return worker;
    };
    const assertRunning = () => {
      if (!isAlive(running.pid)) throw new Error(`the Dokuei server exited:\n${tail(readLog(join(running.dir, 'server.log')))}`);
      const dead = workers.find((worker) => !isAlive(worker.pid));
      if (dead) throw new Error(`${dead.name} exited:\n${tail(dead.log())}`);
    };
    return { root, pacs, db, server, reader: session, workers, startWorker, assertRunning, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
