import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../server/auth/session-store';
import { TOUCH_INTERVAL_MS } from '../../server/auth/sessions';
import { updateUsersFile } from '../../server/auth/users';
import { ACCOUNTS, call, SERVICE_TOKEN, removeTestServer, signIn, startTestServer, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const { reader } = ACCOUNTS;

describe('sessions', () => {
  it('sign-in sets an HttpOnly, SameSite=Strict session cookie and answers who is signed in', async () => {
    server = await startTestServer();
    const answer = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: reader.name, password: reader.password },
    });
    expect(answer.status).toBe(200);
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(/^dokuei_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http in this test
    expect(answer.json).toMatchObject({ user: { id: 'reader', displayName: 'reader', dicomName: 'Reader', role: 'reader' }, idleMinutes: 30 });

    const cookie = setCookie.split(';')[0];
    const session = await call(server, '/api/session', { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.headers['cache-control']).toBe('no-store');
    expect(session.json).toEqual({
      user: { id: 'reader', displayName: 'reader', dicomName: 'Reader', role: 'reader' },
      csrfToken: answer.json.csrfToken,
      idleMinutes: 30,
    });
    expect((await call(server, '/api/me', { headers: { cookie } })).json).toEqual({ name: 'reader', id: 'reader', role: 'reader' });
  });

  it('without a cookie, or with an unknown one, /api/session is 401 {error:"sign in"}', async () => {
    server = await startTestServer();
    for (const headers of [{}, { cookie: 'dokuei_session=forged-id' }] as Record<string, string>[]) {
      const answer = await call(server, '/api/session', { headers });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'sign in' });
    }
  });

  it('the same 401 for a wrong password and an unknown user', async () => {
    server = await startTestServer();
    const wrong = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: reader.name, password: 'not-it-at-all' },
    });
    const unknown = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: 'nobody', password: 'not-it-at-all' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(unknown.text).toBe(wrong.text);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('sign-out ends the session on the server, not just in the browser', async () => {
    server = await startTestServer();
    const session = await signIn(server, reader.name, reader.password);
    const out = await call(server, '/api/session/logout', { method: 'POST', headers: session.headers });
    expect(out.status).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/dokuei_session=;/);
    expect((await call(server, '/api/session', { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it('expires after the idle timeout, and activity keeps it alive', async () => {
    server = await startTestServer();
    const { cookie } = await signIn(server, reader.name, reader.password);
    server.clock.advance(29 * 60_000);
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(200);
    server.clock.advance(29 * 60_000); // 58 min after sign-in, 29 after the last request
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(200);
    // A background poll does not count as the reader being active.
    server.clock.advance(20 * 60_000);
    expect((await call(server, '/api/session', { headers: { cookie, 'x-dokuei-activity': 'background' } })).status).toBe(200);
    server.clock.advance(11 * 60_000);
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('writes the idle clock at most once a minute, however many requests', async () => {
    const store = new MemorySessionStore();
    const touches: number[] = [];
    const touch = store.touch.bind(store);
    store.touch = async (idHash, at) => void (touches.push(at), await touch(idHash, at));
    server = await startTestServer({ deps: { sessionStore: store } });
    const { cookie } = await signIn(server, reader.name, reader.password);
    const signedInAt = server.clock.now();
    for (let second = 1; second <= 120; second++) {
      server.clock.advance(1_000);
      expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(200);
    }
    expect(touches).toEqual([signedInAt + TOUCH_INTERVAL_MS, signedInAt + 2 * TOUCH_INTERVAL_MS]);
  });

  it('ends after the absolute limit (12 h) however active', async () => {
    server = await startTestServer();
    const { cookie } = await signIn(server, reader.name, reader.password);
    for (let step = 0; step < 36; step++) {
      server.clock.advance(20 * 60_000); // active every 20 minutes, up to exactly 12 h
      expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(200);
    }
    server.clock.advance(60_000);
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(401);
  });

  it('gives a new session id at sign-in: the cookie sent along stops working', async () => {
    server = await startTestServer();
    const first = await signIn(server, reader.name, reader.password);
    const again = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url, cookie: first.cookie },
      body: { username: reader.name, password: reader.password },
    });
    expect(again.status).toBe(200);
    const second = String(again.headers['set-cookie']).split(';')[0];
    expect(second).not.toBe(first.cookie);
    expect((await call(server, '/api/session', { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await call(server, '/api/session', { headers: { cookie: second } })).status).toBe(200);
  });

  it('disabling an account in the users file ends its sessions at the next request', async () => {
    server = await startTestServer();
    const { cookie } = await signIn(server, reader.name, reader.password);
    updateUsersFile(server.config.usersFile, (file) => void (file.users.find((u) => u.name === 'reader')!.disabled = true));
    expect((await call(server, '/api/session', { headers: { cookie } })).status).toBe(401);
    const login = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: reader.name, password: reader.password },
    });
    expect(login.status).toBe(401);
  });

  it('changes the password: the old one stops working, other sessions end, short ones are refused', async () => {
    server = await startTestServer();
    const mine = await signIn(server, reader.name, reader.password);
    const elsewhere = await signIn(server, reader.name, reader.password);
    const short = await call(server, '/api/session/password', { method: 'POST', headers: mine.headers, body: { current: reader.password, next: 'short' } });
    expect(short.status).toBe(400);
    expect(short.json.error).toMatch(/10/);
    const wrong = await call(server, '/api/session/password', {
      method: 'POST',
      headers: mine.headers,
      body: { current: 'not-the-password', next: 'a-new-password-1' },
    });
    expect(wrong.status).toBe(403);
    const changed = await call(server, '/api/session/password', {
      method: 'POST',
      headers: mine.headers,
      body: { current: reader.password, next: 'a-new-password-1' },
    });
    expect(changed.status).toBe(200);
    expect((await call(server, '/api/session', { headers: { cookie: mine.cookie } })).status).toBe(200);
    expect((await call(server, '/api/session', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    await expect(signIn(server, reader.name, reader.password)).rejects.toThrow(/401/);
    await signIn(server, reader.name, 'a-new-password-1');
  });

  it('service accounts call with a bearer token, never with a password', async () => {
    server = await startTestServer();
    const me = await call(server, '/api/session', { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { id: 'ai-worker', role: 'service' }, csrfToken: null });
    expect((await call(server, '/api/session', { headers: { authorization: 'Bearer dokuei_wrong' } })).status).toBe(401);
    const login = await call(server, '/api/session/login', { method: 'POST', headers: { origin: server.url }, body: { username: 'ai-worker', password: '' } });
    expect(login.status).toBe(400);
  });
});
