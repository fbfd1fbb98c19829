import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { basicAuthHeader, STATE_DIR, type PacsConfig } from '../lib/pacs-config';
import { freePort, isPortFree } from '../lib/free-port';
import { buildOrthancConfig, ORTHANC_BINARY, ORTHANC_PLUGIN_DIR, ORTHANC_POSTGRES_INDEX_PLUGIN, type OrthancPostgresIndex } from './config';
import { isAlive, sleep } from '../lib/process';
import { orthancEnv } from './thread-stack';

/** One Orthanc instance = one folder: config, credentials, PID file, log and the store itself. */
export interface OrthancPaths {
  dir: string;
  config: string;
  pacs: string;
  pid: string;
  log: string;
  store: string;
}

export const DEFAULT_ORTHANC_DIR = join(STATE_DIR, 'orthanc');

export function orthancPaths(dir: string = DEFAULT_ORTHANC_DIR): OrthancPaths {
  const root = resolve(dir);
  return {
    dir: root,
    config: join(root, 'orthanc.json'),
    // The file tools/lib/pacs-config.ts reads: {url, username, password}.
    pacs: join(root, 'pacs.json'),
    pid: join(root, 'orthanc.pid'),
    log: join(root, 'orthanc.log'),
    store: join(root, 'db'),
  };
}

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function readPacs(paths: OrthancPaths): PacsConfig | null {
  if (!existsSync(paths.pacs)) return null;
  return JSON.parse(readFileSync(paths.pacs, 'utf8')) as PacsConfig;
}

/** The PID from the PID file if that process is alive and still this Orthanc. */
export function runningPid(paths: OrthancPaths): number | null {
  if (!existsSync(paths.pid)) return null;
  const pid = Number(readFileSync(paths.pid, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    // Guards against a recycled PID: the command line must name this instance's config.
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(paths.config) ? pid : null;
  } catch {
    return null;
  }
}

export async function pingOrthanc(pacs: PacsConfig, timeoutMs = 2000): Promise<boolean> {
  try {
    const auth = basicAuthHeader(pacs);
    const response = await fetch(`${pacs.url}/system`, {
      headers: auth ? { Authorization: auth } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function logTail(paths: OrthancPaths, lines = 15): string {
  if (!existsSync(paths.log)) return '(no log)';
  return readFileSync(paths.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export interface StartOptions {
  /** Keep this port (restart of the same instance); otherwise the previous one if free, else a free one. */
  port?: number;
  timeoutMs?: number;
  /** Keep the index in this PostgreSQL database (see tools/postgres) instead of SQLite in the store. */
  postgres?: OrthancPostgresIndex;
  /**
   * Where the DICOM files go (default <dir>/db). Two instances on the same PostgreSQL index and the
   * same storageDir serve one archive; each keeps its own dir for config, PID, log and login.
   */
  storageDir?: string;
}

/**
 * Starts Orthanc detached (it outlives this process) unless this instance already runs.
 * Credentials are generated once and kept, so a restart serves the same store with the same login.
 */
export async function startOrthanc(dir?: string, options: StartOptions = {}): Promise<PacsConfig> {
  const paths = orthancPaths(dir);
  const previous = readPacs(paths);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const runningNow = runningPid(paths);
  if (runningNow !== null && previous) {
    // Already running (perhaps slow to answer under load): never start a second one on the same store.
    if (await waitUntilAnswering(previous, runningNow, timeoutMs)) return previous;
    throw new Error(`Orthanc (PID ${runningNow}) runs but does not answer /system. Log (${paths.log}):\n${logTail(paths)}`);
  }
  if (!existsSync(ORTHANC_BINARY)) {
    throw new Error(`${ORTHANC_BINARY} is missing: run tools/setup.sh (apt-get install orthanc orthanc-dicomweb orthanc-gdcm)`);
  }
  const postgresPlugin = `${ORTHANC_PLUGIN_DIR}/${ORTHANC_POSTGRES_INDEX_PLUGIN}`;
  if (options.postgres && !existsSync(postgresPlugin)) {
    throw new Error(`${postgresPlugin} is missing: run tools/setup.sh (apt-get install orthanc-postgresql)`);
  }
  const storageDir = resolve(options.storageDir ?? paths.store);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  mkdirSync(storageDir, { recursive: true, mode: 0o700 });
  const previousPort = previous ? Number(new URL(previous.url).port) : 0;
  const port = options.port ?? (previousPort && (await isPortFree(previousPort)) ? previousPort : await freePort());
  const pacs: PacsConfig = {
    url: `http://127.0.0.1:${port}`,
    username: previous?.username ?? 'dokuei',
    password: previous?.password ?? randomBytes(18).toString('base64url'),
  };
  const config = buildOrthancConfig({
    port,
    storageDir,
    username: pacs.username,
    password: pacs.password,
    postgres: options.postgres,
  });
  writePrivate(paths.config, JSON.stringify(config, null, 2) + '\n');
  writePrivate(paths.pacs, JSON.stringify(pacs, null, 2) + '\n');

  const log = openSync(paths.log, 'a');
  const child = spawn(ORTHANC_BINARY, [paths.config], { detached: true, stdio: ['ignore', log, log], env: orthancEnv() });
  closeSync(log);
  if (!child.pid) throw new Error('could not spawn Orthanc');
  writeFileSync(paths.pid, `${child.pid}\n`);
  child.unref();

  if (await waitUntilAnswering(pacs, child.pid, timeoutMs)) return pacs;
  const exited = !isAlive(child.pid);
  await stopOrthanc(dir);
  throw new Error(
    `Orthanc ${exited ? 'exited during start-up' : `did not answer /system within ${timeoutMs} ms`}. ` + `Log (${paths.log}):\n${logTail(paths)}`,
  );
}

async function waitUntilAnswering(pacs: PacsConfig, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid)) {
    if (await pingOrthanc(pacs, 2000)) return true;
    await sleep(100);
  }
  return false;
}

/** Whether this instance's process is alive (it may still be starting). */
export function isOrthancRunning(dir?: string): boolean {
  return runningPid(orthancPaths(dir)) !== null;
}

/** The last lines of this instance's log, for error messages. */
export function orthancLogTail(dir?: string, lines = 15): string {
  return logTail(orthancPaths(dir), lines);
}

/** SIGTERM by PID, wait for the exit (Orthanc flushes its index), SIGKILL as a last resort. */
export async function stopOrthanc(dir?: string, timeoutMs = 20_000): Promise<boolean> {
  const paths = orthancPaths(dir);
  const pid = runningPid(paths);
  if (pid === null) {
    rmSync(paths.pid, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  rmSync(paths.pid, { force: true });
  return true;
}

export interface OrthancStatus {
  running: boolean;
  pid: number | null;
  url: string | null;
  dir: string;
  statistics?: { CountPatients: number; CountStudies: number; CountInstances: number; TotalDiskSizeMB: number };
}

export async function orthancStatus(dir?: string): Promise<OrthancStatus> {
  const paths = orthancPaths(dir);
  const pacs = readPacs(paths);
  const pid = runningPid(paths);
  const status: OrthancStatus = { running: false, pid, url: pacs?.url ?? null, dir: paths.dir };
  if (pid === null || !pacs) return status;
  try {
    const auth = basicAuthHeader(pacs);
    const response = await fetch(`${pacs.url}/statistics`, { headers: auth ? { Authorization: auth } : {} });
    if (response.ok) {
      status.running = true;
      status.statistics = (await response.json()) as OrthancStatus['statistics'];
    }
  } catch {
    // Process alive but not answering: reported as not running.
  }
  return status;
}
