import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, removeTestServer, SERVICE_TOKEN, signIn, startTestServer, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const { reader } = ACCOUNTS;
const logout = (s: TestServer, headers: Record<string, string>) => call(s, '/api/session/logout', { method: 'POST', headers });

describe('CSRF', () => {
  it('refuses a state-changing request without Origin or Referer', async () => {
    server = await startTestServer();
    const { cookie, csrfToken } = await signIn(server, reader.name, reader.password);
    const answer = await logout(server, { cookie, 'x-csrf-token': csrfToken });
    expect(answer.status).toBe(403);
    expect(answer.json.error).toMatch(/no Origin or Referer/);
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(200); // still signed in
  });

  it('refuses a foreign Origin, even with the right token', async () => {
    server = await startTestServer();
    const { cookie, csrfToken } = await signIn(server, reader.name, reader.password);
    for (const origin of ['https://evil.example', 'null', server.url.replace('127.0.0.1', '127.0.0.2')]) {
      expect((await logout(server, { cookie, 'x-csrf-token': csrfToken, origin })).status).toBe(403);
    }
  });

  it('refuses a missing or wrong X-CSRF-Token on a cookie session', async () => {
    server = await startTestServer();
    const { cookie, csrfToken } = await signIn(server, reader.name, reader.password);
    const missing = await logout(server, { cookie, origin: server.url });
    expect(missing.status).toBe(403);
    expect(missing.json.error).toMatch(/no X-CSRF-Token/);
    const other = await signIn(server, reader.name, reader.password);
    const wrong = await logout(server, { cookie, origin: server.url, 'x-csrf-token': other.csrfToken });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error).toMatch(/wrong X-CSRF-Token/);
    expect(csrfToken).not.toBe(other.csrfToken);
  });

  it('lets the right Origin and token through; a same-origin Referer stands in for Origin', async () => {
    server = await startTestServer();
    const first = await signIn(server, reader.name, reader.password);
    const answer = await logout(server, first.headers);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ signedOut: true });
    const second = await signIn(server, reader.name, reader.password);
    const viaReferer = await logout(server, { cookie: second.cookie, 'x-csrf-token': second.csrfToken, referer: `${server.url}/study/1.2.3` });
    expect(viaReferer.status).toBe(200);
  });

  it('sign-in needs a same-origin Origin but no token (a cross-site sign-in is refused)', async () => {
    server = await startTestServer();
    const body = { username: reader.name, password: reader.password };
    expect((await call(server, '/api/session/login', { method: 'POST', body })).status).toBe(403);
    expect((await call(server, '/api/session/login', { method: 'POST', body, headers: { origin: 'https://evil.example' } })).status).toBe(403);
    expect((await call(server, '/api/session/login', { method: 'POST', body, headers: { origin: server.url } })).status).toBe(200);
  });

  it('bearer-token calls need the origin, not a session token', async () => {
    server = await startTestServer();
    const authorization = `Bearer ${SERVICE_TOKEN}`;
    expect((await logout(server, { authorization })).status).toBe(403);
    expect((await logout(server, { authorization, origin: server.url })).status).toBe(200);
  });

  it('records refusals as Security Alerts', async () => {
    server = await startTestServer();
    const { cookie } = await signIn(server, reader.name, reader.password);
    await logout(server, { cookie, origin: 'https://evil.example' });
    const alerts = await server.app.audit.query({ event: 'Security Alert' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ user: 'reader', outcome: 4, detail: expect.stringContaining('foreign origin') });
  });
});
