/**
 * Starts the Dokuei server as a process of its own (what `npm start` runs) for the e2e harness and
 * the bench, with accounts made through the users CLI, and signs in the way a browser does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';
import type { PacsConfig } from './pacs-config';
import { SIGNED_IN_HINT_KEY } from '../../src/services/session/signed-in-hint';
import { isAlive, sleep } from './process';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(REPO, 'node_modules/.bin/tsx');

export interface ServerAccount {
  name: string;
  password: string;
  role: 'reader' | 'admin' | 'service';
  displayName?: string;
  /** DICOM person name stamped into this reader's SRs. */
  dicomName?: string;
}

export interface DokueiServerOptions {
  /** Folder for the server's state (users, audit trail) and its log. */
  dir: string;
  distDir: string;
  pacs: PacsConfig;
  accounts: ServerAccount[];
  port?: number;
  /** Extra Host header values the server accepts (e.g. a dev or peer proxy in front of it). */
  allowedHosts?: string[];
  /** Extra environment, e.g. a short DOKUEI_SESSION_IDLE_MINUTES. */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  baseURL: string;
  pid: number;
  dir: string;
  usersFile: string;
  env: NodeJS.ProcessEnv;
  /** Bearer tokens of the service accounts, by name. */
  tokens: Record<string, string>;
}

export function serverEnv(options: DokueiServerOptions, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    DOKUEI_HOST: '127.0.0.1',
    DOKUEI_STATE_DIR: options.dir,
    DOKUEI_USERS_FILE: join(options.dir, 'users.json'),
    DOKUEI_DIST_DIR: options.distDir,
    DOKUEI_PACS_URL: options.pacs.url,
    DOKUEI_PACS_USER: options.pacs.username,
    DOKUEI_PACS_PASSWORD: options.pacs.password,
    ...(options.allowedHosts?.length ? { DOKUEI_ALLOWED_HOSTS: options.allowedHosts.join(',') } : {}),
    ...options.env,
  };
}

/**
 * Adds accounts with the users CLI (the administrator's way), passwords on stdin. Service accounts
 * (AI workers) get a bearer token instead, printed once by the CLI: returned by account name.
 */
export function addAccounts(env: NodeJS.ProcessEnv, accounts: ServerAccount[]): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const account of accounts) {
    const service = account.role === 'service';
    const args = ['server/users-cli.ts', 'add', account.name, '--role', account.role, ...(service ? [] : ['--password-stdin'])];
    if (account.displayName) args.push('--display', account.displayName);
    if (account.dicomName) args.push('--dicom', account.dicomName);
    const printed = execFileSync(TSX, args, { cwd: REPO, env, input: service ? '' : account.password + '\n', stdio: ['pipe', 'pipe', 'inherit'] }).toString();
    if (service) {
      const token = printed.split('\n').find((line) => line.startsWith('dokuei_'));
      if (!token) throw new Error(`the users CLI printed no token for ${account.name}`);
      tokens[account.name] = token.trim();
    }
  }
  return tokens;
}

/** Starts the server in its own process group and waits until it answers. */
export async function startDokueiServer(options: DokueiServerOptions): Promise<RunningServer> {
  mkdirSync(options.dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const env = serverEnv(options, port);
  const tokens = addAccounts(env, options.accounts);
  const log = openSync(join(options.dir, 'server.log'), 'a');
  const child = spawn(TSX, ['server/main.ts'], { cwd: REPO, detached: true, stdio: ['ignore', log, log], env });
  closeSync(log);
  if (!child.pid) throw new Error('could not start the Dokuei server');
  child.unref();
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!isAlive(child.pid)) throw new Error(`the Dokuei server exited; see ${join(options.dir, 'server.log')}`);
    const answer = await fetch(`${baseURL}/api/session`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (answer?.status === 401 || answer?.ok) break;
    if (Date.now() > deadline) {
      process.kill(-child.pid, 'SIGKILL'); // its whole group: nothing is left listening
      throw new Error(`the Dokuei server did not answer within 60 s; see ${join(options.dir, 'server.log')}`);
    }
    await sleep(200);
  }
  return { baseURL, pid: child.pid, dir: options.dir, usersFile: join(options.dir, 'users.json'), env, tokens };
}

export interface SignedIn {
  /** The session cookie as the server set it. */
  cookie: { name: string; value: string };
  csrfToken: string;
}

/** Signs in over HTTP as the sign-in page does (same Origin), for Node-side helpers and storage states. */
export async function signIn(baseURL: string, name: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${baseURL}/api/session/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseURL },
    body: JSON.stringify({ username: name, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${name} failed: HTTP ${response.status} ${await response.text()}`);
  const setCookie = response.headers.getSetCookie().find((line) => /session=/.test(line));
  const match = setCookie && /^([^=]+)=([^;]*)/.exec(setCookie);
  if (!match) throw new Error('sign-in set no session cookie');
  const cookie = { name: match[1], value: match[2] };
  const session = await fetch(`${baseURL}/api/session`, { headers: { Cookie: `${cookie.name}=${cookie.value}` } });
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** A Playwright storage state holding that session, so every page of a context starts signed in. */
export function storageState(baseURL: string, signedIn: SignedIn) {
  const { hostname } = new URL(baseURL);
  return {
    cookies: [{ ...signedIn.cookie, domain: hostname, path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' as const }],
    // As in a reader's browser after a sign-in: the note that lets a /study/ link start its requests early.
    origins: [{ origin: new URL(baseURL).origin, localStorage: [{ name: SIGNED_IN_HINT_KEY, value: '1' }] }],
  };
}
