import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { freePort, isPortFree } from '../lib/free-port';
import { STATE_DIR } from '../lib/pacs-config';
import { isAlive, sleep } from '../lib/process';
import { assertReachableByServerAccount, findPostgresBin, handToServerAccount, isRoot, MISSING_POSTGRES, runTool } from './tools';

/**
 * A private PostgreSQL cluster in one folder of the state dir:
 *   <dir>/connection.json  (0600, owned by the caller) where and how to connect — passwords included
 *   <dir>/data/            the cluster (owned by `postgres` when run as root)
 *   <dir>/run/             unix socket and server log (same owner)
 * It listens on 127.0.0.1 only, and every connection — TCP or the unix socket — needs a password
 * (scram-sha-256): no `trust` anywhere, so a local account cannot walk in.
 */
export interface PostgresPaths {
  dir: string;
  connection: string;
  data: string;
  run: string;
  log: string;
}

export const DEFAULT_POSTGRES_DIR = join(STATE_DIR, 'postgres');

export function postgresPaths(dir: string = DEFAULT_POSTGRES_DIR): PostgresPaths {
  const root = resolve(dir);
  return {
    dir: root,
    connection: join(root, 'connection.json'),
    data: join(root, 'data'),
    run: join(root, 'run'),
    log: join(root, 'run', 'postgres.log'),
  };
}

export interface DatabaseLogin {
  database: string;
  user: string;
  password: string;
}

/** What the Dokuei server (top level), Orthanc and an administrator use to connect. */
export interface PostgresConnection extends DatabaseLogin {
  /** postgres://dokuei:…@127.0.0.1:PORT/dokuei — what DOKUEI_DATABASE_URL would hold. */
  url: string;
  host: string;
  port: number;
  /** Orthanc's index: its own role, owner of its own database only. */
  orthanc: DatabaseLogin;
  /** The cluster's superuser (creates roles and databases; not for the application). */
  admin: DatabaseLogin;
}

const LOOPBACK = '127.0.0.1';
const newPassword = () => randomBytes(24).toString('base64url');

function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function readConnection(paths: PostgresPaths): PostgresConnection | null {
  if (!existsSync(paths.connection)) return null;
  return JSON.parse(readFileSync(paths.connection, 'utf8')) as PostgresConnection;
}

function withPort(connection: PostgresConnection, port: number): PostgresConnection {
  const { user, password, database } = connection;
  return { ...connection, host: LOOPBACK, port, url: `postgres://${user}:${password}@${LOOPBACK}:${port}/${database}` };
}

/** PID and port of this cluster's postmaster from postmaster.pid, if that process is alive and ours. */
export function runningPostmaster(paths: PostgresPaths): { pid: number; port: number } | null {
  const pidFile = join(paths.data, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  try {
    // Guards against a stale file whose PID was recycled: the command line must name this cluster.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(paths.data) ? { pid, port: Number(portLine) } : null;
  } catch {
    return null;
  }
}

export function isPostgresRunning(dir?: string): boolean {
  return runningPostmaster(postgresPaths(dir)) !== null;
}

export function postgresLogTail(dir?: string, lines = 15): string {
  const { log } = postgresPaths(dir);
  if (!existsSync(log)) return '(no log)';
  return readFileSync(log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** initdb with a generated superuser password; the logins are saved before anything else can fail. */
async function createCluster(paths: PostgresPaths, bin: string): Promise<void> {
  for (const folder of [paths.data, paths.run]) {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    handToServerAccount(folder);
  }
  if (isRoot()) {
    // The postgres account must walk through to data/: traverse (o+x) only, never list or read.
    // The shared state folder (.dokuei, perhaps created 0700 by the Orthanc launcher) gets the same.
    chmodSync(paths.dir, 0o711);
    if (dirname(paths.dir) === STATE_DIR) chmodSync(STATE_DIR, statSync(STATE_DIR).mode | 0o001);
  }
  assertReachableByServerAccount(paths.data);

  const connection: PostgresConnection = {
    url: '',
    host: LOOPBACK,
    port: 0,
    database: 'dokuei',
    user: 'dokuei',
    password: newPassword(),
    orthanc: { database: 'orthanc', user: 'orthanc', password: newPassword() },
    admin: { database: 'postgres', user: 'postgres', password: newPassword() },
  };
  writePrivate(paths.connection, JSON.stringify(connection, null, 2) + '\n');

  // initdb reads the superuser password from a file only it can read, deleted right after.
  const passwordFile = join(paths.run, 'initdb-password');
  writePrivate(passwordFile, connection.admin.password + '\n');
  handToServerAccount(passwordFile);
  try {
    await runTool(bin, 'initdb', [
      '-D',
      paths.data,
      '-U',
      connection.admin.user,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      // Page checksums: silent disk corruption is reported instead of served.
      '--data-checksums',
    ]);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** Roles and databases: `dokuei` and `orthanc` each own one database and cannot connect to the other. */
async function ensureDatabases(connection: PostgresConnection): Promise<void> {
  const client = new pg.Client({ host: connection.host, port: connection.port, ...connection.admin });
  await client.connect();
  try {
    for (const login of [connection, connection.orthanc]) {
      const role = client.escapeIdentifier(login.user);
      const roleExists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.user]);
      if (roleExists.rowCount === 0) {
        await client.query(`CREATE ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(login.password)}`);
      }
      const dbExists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [login.database]);
      if (dbExists.rowCount === 0) {
        const database = client.escapeIdentifier(login.database);
        await client.query(`CREATE DATABASE ${database} OWNER ${role} ENCODING 'UTF8'`);
        await client.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      }
    }
  } finally {
    await client.end();
  }
}

async function waitUntilReady(bin: string, port: number, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && isAlive(pid)) {
    // pg_isready needs no login: it only asks whether the server accepts connections.
    const ready = await runTool(bin, 'pg_isready', ['-q', '-h', LOOPBACK, '-p', String(port)], 5000).then(
      () => true,
      () => false,
    );
    if (ready) return true;
    await sleep(100);
  }
  return false;
}

export interface StartPostgresOptions {
  /** Use this port; otherwise the previous one if free, else a free one. */
  port?: number;
  timeoutMs?: number;
}

/**
 * Starts the private cluster (creating it on first use) unless it already runs, then makes sure the
 * `dokuei` and `orthanc` databases exist. The server survives this process; stop it with stopPostgres.
 */
export async function startPostgres(dir?: string, options: StartPostgresOptions = {}): Promise<PostgresConnection> {
  const paths = postgresPaths(dir);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const bin = findPostgresBin();
  if (!bin) throw new Error(MISSING_POSTGRES);

  const running = runningPostmaster(paths);
  const saved = readConnection(paths);
  if (running) {
    if (!saved) throw new Error(`PostgreSQL (PID ${running.pid}) runs on ${paths.data} but ${paths.connection} is missing`);
    if (!(await waitUntilReady(bin, running.port, running.pid, timeoutMs))) {
      throw new Error(`PostgreSQL (PID ${running.pid}) runs but does not accept connections. Log (${paths.log}):\n${postgresLogTail(dir)}`);
    }
    const connection = withPort(saved, running.port);
    await ensureDatabases(connection);
    return connection;
  }

  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(paths.data, 'PG_VERSION'))) {
    await createCluster(paths, bin);
  } else if (!saved) {
    throw new Error(`${paths.data} holds a cluster but ${paths.connection} (its passwords) is missing: remove ${paths.dir} to start afresh`);
  }
  const base = readConnection(paths)!;
  const port = options.port ?? (base.port && (await isPortFree(base.port)) ? base.port : await freePort());
  const connection = withPort(base, port);

  const serverOptions = `-p ${port} -k ${paths.run} -c listen_addresses=${LOOPBACK}`;
  try {
    // -w: pg_ctl returns once the server accepts connections (or gave up after -t seconds).
    await runTool(
      bin,
      'pg_ctl',
      ['-D', paths.data, '-l', paths.log, '-o', serverOptions, '-w', '-t', String(Math.ceil(timeoutMs / 1000)), 'start'],
      timeoutMs + 5000,
    );
  } catch (error) {
    await stopPostgres(dir);
    throw new Error(`${(error as Error).message}\nLog (${paths.log}):\n${postgresLogTail(dir)}`);
  }
  writePrivate(paths.connection, JSON.stringify(connection, null, 2) + '\n');
  await ensureDatabases(connection);
  return connection;
}

/** pg_ctl stop -m fast (ends sessions, checkpoints, exits); SIGQUIT as a last resort. */
export async function stopPostgres(dir?: string, timeoutMs = 30_000): Promise<boolean> {
  const paths = postgresPaths(dir);
  const running = runningPostmaster(paths);
  if (!running) return false;
  const bin = findPostgresBin();
  if (bin) {
    await runTool(bin, 'pg_ctl', ['-D', paths.data, '-m', 'fast', '-w', '-t', String(Math.ceil(timeoutMs / 1000)), 'stop'], timeoutMs + 5000).catch(
      () => undefined,
    );
  }
  if (isAlive(running.pid)) process.kill(running.pid, 'SIGQUIT');
  while (isAlive(running.pid)) await sleep(50);
  return true;
}

/** The saved logins of this cluster if it runs now (no start, no waiting); null otherwise. */
export function runningPostgresConnection(dir?: string): PostgresConnection | null {
  const paths = postgresPaths(dir);
  const running = runningPostmaster(paths);
  const saved = readConnection(paths);
  return running && saved ? withPort(saved, running.port) : null;
}

export interface PostgresStatus {
  running: boolean;
  pid: number | null;
  /** The URL without its password. */
  url: string | null;
  dir: string;
}

export function postgresStatus(dir?: string): PostgresStatus {
  const paths = postgresPaths(dir);
  const running = runningPostmaster(paths);
  const saved = readConnection(paths);
  const url = saved && running ? `postgres://${saved.user}@${LOOPBACK}:${running.port}/${saved.database}` : null;
  return { running: running !== null, pid: running?.pid ?? null, url, dir: paths.dir };
}

/** The login Orthanc's PostgreSQL index plugin needs, from a connection this launcher returned. */
export function orthancIndexLogin(connection: PostgresConnection) {
  return { host: connection.host, port: connection.port, ...connection.orthanc };
}
