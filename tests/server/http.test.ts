import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScriptHashes } from '../../server/http/content-security-policy';
import { isClientRoute } from '../../server/static/spa-plugin';
import { ACCOUNTS, call, DEFAULT_INDEX, INLINE_SCRIPT, removeTestServer, signIn, startTestServer, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('Host check', () => {
  it('answers 421 JSON to a Host that is not the server (DNS rebinding), once audited', async () => {
    server = await startTestServer();
    for (const host of ['evil.example', `evil.example:${new URL(server.url).port}`, '127.0.0.1:1']) {
      const answer = await call(server, '/api/session', { headers: { host } });
      expect(answer.status).toBe(421);
      expect(answer.json.error).toMatch(/host name/);
    }
    await call(server, '/', { headers: { host: 'evil.example' } }); // same Host again: not audited twice
    const alerts = await server.app.audit.query({ event: 'Security Alert' });
    expect(alerts.map((a) => a.detail)).toEqual([
      'refused Host header "127.0.0.1:1"',
      expect.stringContaining('evil.example:'),
      'refused Host header "evil.example"',
    ]);
  });

  it('answers the loopback names, DOKUEI_ALLOWED_HOSTS and the public origin', async () => {
    server = await startTestServer({ config: { extraHosts: ['dokuei.local:8080'], publicOrigin: 'https://dokuei.hospital.org' } });
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'dokuei.local:8080', 'dokuei.hospital.org', 'DOKUEI.hospital.org']) {
      expect((await call(server, '/api/session', { headers: { host } })).status).toBe(401);
    }
  });
});

describe('security headers', () => {
  it('sends the CSP with the hash of the inline script of dist/index.html, never unsafe-inline scripts', async () => {
    server = await startTestServer();
    const answer = await call(server, '/');
    expect(answer.status).toBe(200);
    const csp = String(answer.headers['content-security-policy']);
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '))!;
    expect(scriptSrc).toBe(`script-src 'self' 'wasm-unsafe-eval' ${sha256(INLINE_SCRIPT)}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("worker-src 'self' blob:");
  });

  it('hashes every inline script and skips external ones', () => {
    expect(inlineScriptHashes(DEFAULT_INDEX)).toEqual([sha256(INLINE_SCRIPT)]);
    expect(inlineScriptHashes('<script type="module">a()</script><script src="/x.js"></script><SCRIPT>b()</SCRIPT>')).toEqual([sha256('a()'), sha256('b()')]);
    expect(contentSecurityPolicy([])).not.toContain("unsafe-inline'; worker");
    expect(contentSecurityPolicy([]).split('; ')[1]).toBe("script-src 'self' 'wasm-unsafe-eval'");
  });

  it('sends isolation and hardening headers on pages, API answers and errors; no HSTS over http', async () => {
    server = await startTestServer();
    for (const path of ['/', '/api/session', '/api/nope', '/assets/index-abc123.js']) {
      const headers = (await call(server, path)).headers;
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(headers['content-security-policy']).toBeDefined();
      expect(headers['strict-transport-security']).toBeUndefined();
    }
    expect((await call(server, '/api/session')).headers['cache-control']).toBe('no-store');
  });

  it('behind an https public origin: HSTS, and a Secure __Host- cookie', async () => {
    server = await startTestServer({ config: { publicOrigin: 'https://dokuei.hospital.org' } });
    expect((await call(server, '/')).headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const login = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: 'https://dokuei.hospital.org' },
      body: { username: ACCOUNTS.reader.name, password: ACCOUNTS.reader.password },
    });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/^__Host-dokuei_session=[^;]+;.*Secure/);
  });
});

describe('JSON errors', () => {
  it('answers unknown API routes, bad JSON and oversized sign-ins with {error} and the right status', async () => {
    server = await startTestServer();
    const notFound = await call(server, '/api/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.json).toEqual({ error: 'No route GET /api/nope' });
    const badJson = await call(server, '/api/session/login', { method: 'POST', headers: { origin: server.url }, body: '{"username":' });
    expect(badJson.status).toBe(400);
    expect(Object.keys(badJson.json)).toEqual(['error']);
    const huge = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: 'x', password: 'y'.repeat(20_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.json).toEqual({ error: 'The request body is too large.' });
    expect(huge.text).not.toMatch(/at .*\.ts/);
  });

  it('hides internal failures behind a 500 without a stack trace', async () => {
    server = await startTestServer({
      deps: {
        verifyPassword: async () => {
          throw new Error('secret internals /work/x.ts:1');
        },
      },
    });
    const answer = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: 'reader', password: 'whatever-pw' },
    });
    expect(answer.status).toBe(500);
    expect(answer.json.error).toMatch(/failed/);
    expect(answer.text).not.toMatch(/secret internals/);
  });
});

describe('the SPA', () => {
  it('serves client routes with index.html (no-cache), hashed assets immutable, unknown files 404 JSON', async () => {
    server = await startTestServer();
    for (const path of ['/', '/study/1.2.840.113619.2.55', '/monitoring', '/admin/']) {
      const page = await call(server, path);
      expect(page.status, path).toBe(200);
      expect(page.text).toBe(DEFAULT_INDEX);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    const asset = await call(server, '/assets/index-abc123.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await call(server, '/favicon.svg')).headers['cache-control']).toBe('no-cache');
    const missing = await call(server, '/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatch(/No route/);
    const pacsPath = await call(server, '/dicom-web/studies'); // the gateway's: never index.html
    expect(pacsPath.status).toBeGreaterThanOrEqual(400);
    expect(pacsPath.text).not.toBe(DEFAULT_INDEX);
  });

  it('without a build, the app answers 503 saying to run npm run build', async () => {
    server = await startTestServer({ indexHtml: null });
    const answer = await call(server, '/');
    expect(answer.status).toBe(503);
    expect(answer.json.error).toMatch(/npm run build/);
    expect((await call(server, '/api/session')).status).toBe(401); // the API still works
  });

  it('tells client routes from files and server routes', () => {
    expect(isClientRoute('/study/1.2.3')).toBe(true);
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/logo.svg')).toBe(false);
    expect(isClientRoute('/api/x')).toBe(false);
    expect(isClientRoute('/pacs')).toBe(false);
    expect(isClientRoute('/dicom-web/studies')).toBe(false);
  });
});

describe('signed-in pages', () => {
  it('a signed-in reader gets the same index.html', async () => {
    server = await startTestServer();
    const { cookie } = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    expect((await call(server, '/study/1.2', { headers: { cookie } })).text).toBe(DEFAULT_INDEX);
  });
});
