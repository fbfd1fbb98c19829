/**
 * A Dokuei server for tests: buildServer on 127.0.0.1 port 0, a temporary state dir and users file,
 * no PACS, an injected clock. Requests go over a real socket with node:http (which, unlike fetch,
 * lets a test choose the Host header).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startServer, type ServerDeps } from '../../../server/app';
import { hashPassword } from '../../../server/auth/passwords';
import { sha256 } from '../../../server/auth/tokens';
import type { StoredUser } from '../../../server/auth/users';
import type { ServerConfig } from '../../../server/config';

export const ACCOUNTS = {
  admin: { name: 'admin', password: 'admin-password-1', role: 'admin' as const },
  reader: { name: 'reader', password: 'reader-password-1', role: 'reader' as const },
  other: { name: 'anna.other', password: 'other-password-1', role: 'reader' as const },
};
export const SERVICE_TOKEN = 'dokuei_test-service-token';

let storedUsers: StoredUser[] | null = null;
/** Hashed once per test file: scrypt is slow on purpose. */
function defaultUsers(): StoredUser[] {
  storedUsers ??= [
    ...Object.values(ACCOUNTS).map((a) => ({ name: a.name, passwordHash: hashPassword(a.password), role: a.role })),
    { name: 'ai-worker', passwordHash: '', role: 'service', tokenHash: sha256(SERVICE_TOKEN) },
  ];
  return storedUsers;
}

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function testClock(start = Date.parse('2025-03-01T08:00:00Z')): TestClock {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export interface TestServer {
  app: FastifyInstance;
  url: string;
  /** "127.0.0.1:port": the Host header the server answers to. */
  host: string;
  dir: string;
  config: ServerConfig;
  clock: TestClock;
  close(): Promise<void>;
  /** Closes this server object and builds a new one on the same state (restart). */
  restart(): Promise<TestServer>;
}

export interface TestServerOptions {
  /** Contents of dist/index.html; null: no build. Default: a page with one inline script. */
  indexHtml?: string | null;
  config?: Partial<ServerConfig>;
  deps?: ServerDeps;
  clock?: TestClock;
  /** Reuse a state dir (restart). */
  dir?: string;
}

export const INLINE_SCRIPT = "if (location.pathname.startsWith('/study/')) console.log('preload');";
export const DEFAULT_INDEX = `<!doctype html><html><head><script>${INLINE_SCRIPT}</script><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'dokuei-server-'));
  const distDir = join(dir, 'dist');
  const usersFile = join(dir, 'users.json');
  if (!options.dir) {
    writeFileSync(usersFile, JSON.stringify({ users: defaultUsers() }), { mode: 0o600 });
    const indexHtml = options.indexHtml === undefined ? DEFAULT_INDEX : options.indexHtml;
    if (indexHtml !== null) {
      mkdirSync(join(distDir, 'assets'), { recursive: true });
      writeFileSync(join(distDir, 'index.html'), indexHtml);
      writeFileSync(join(distDir, 'assets', 'index-abc123.js'), 'console.log("app")');
      writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    }
  }
  const clock = options.clock ?? testClock();
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    extraHosts: [],
    publicOrigin: null,
    trustProxy: false,
    tls: null,
    distDir,
    stateDir: dir,
    usersFile,
    sessionIdleMinutes: 30,
    sessionAbsoluteHours: 12,
    pacs: null,
    ...options.config,
  };
  const { app, url } = await startServer(config, { now: clock.now, logger: false, ...options.deps });
  const server: TestServer = {
    app,
    url,
    host: new URL(url).host,
    dir,
    config,
    clock,
    close: () => app.close(),
    async restart() {
      await app.close();
      return startTestServer({ ...options, dir, clock });
    },
  };
  return server;
}

export function removeTestServer(server: TestServer | undefined): Promise<void> | void {
  if (!server) return;
  return server.close().finally(() => rmSync(server.dir, { recursive: true, force: true }));
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON body of any shape, read freely by the tests
  json: any;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One request over a socket; a JSON body is serialised. */
export function call(server: TestServer, path: string, options: CallOptions = {}): Promise<Answer> {
  const url = new URL(path, server.url);
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let json: unknown = undefined;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Headers for a state-changing request of this session. */
  headers: Record<string, string>;
}

export async function signIn(server: TestServer, name: string, password: string): Promise<SignedIn> {
  const answer = await call(server, '/api/session/login', { method: 'POST', headers: { origin: server.url }, body: { username: name, password } });
  if (answer.status !== 200) throw new Error(`sign-in as ${name}: ${answer.status} ${answer.text}`);
  const cookie = String(answer.headers['set-cookie']?.[0]).split(';')[0];
  const csrfToken = answer.json.csrfToken as string;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken, origin: server.url } };
}
