import { afterEach, describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottlePolicy } from '../../server/auth/login-throttle';
import { updateUsersFile } from '../../server/auth/users';
import { ACCOUNTS, call, removeTestServer, signIn, startTestServer, testClock, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const { reader, admin } = ACCOUNTS;
const attempt = (s: TestServer, username: string, password: string, headers: Record<string, string> = {}) =>
  call(s, '/api/session/login', { method: 'POST', headers: { origin: s.url, ...headers }, body: { username, password } });

describe('login throttle (server)', () => {
  it('after 5 failures an account answers 429 with Retry-After, even to the right password, until the delay passes', async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) expect((await attempt(server, reader.name, `guess-${i}-xxxx`)).status).toBe(401);
    const locked = await attempt(server, reader.name, reader.password);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('30');
    expect(locked.json.error).toMatch(/try again in 30 seconds/);
    server.clock.advance(30_000);
    expect((await attempt(server, reader.name, reader.password)).status).toBe(200);
  });

  it('the delay doubles with each further failure', async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) await attempt(server, reader.name, `guess-${i}-xxxx`);
    server.clock.advance(30_000);
    expect((await attempt(server, reader.name, 'sixth-guess-xx')).status).toBe(401);
    expect((await attempt(server, reader.name, reader.password)).headers['retry-after']).toBe('60');
  });

  it('a success resets the account counter', async () => {
    server = await startTestServer();
    for (let i = 0; i < 4; i++) await attempt(server, reader.name, `guess-${i}-xxxx`);
    expect((await attempt(server, reader.name, reader.password)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt(server, reader.name, `guess-${i}-yyyy`)).status).toBe(401);
    expect((await attempt(server, reader.name, reader.password)).status).toBe(200);
  });

  it('one address spraying many accounts is backed off after 20 failures, other accounts included', async () => {
    server = await startTestServer();
    for (let i = 0; i < 20; i++) expect((await attempt(server, `user${i}`, 'password-guess')).status).toBe(401);
    const answer = await attempt(server, admin.name, admin.password);
    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('admins see the lock-out and can unlock; the lock-out is audited', async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) await attempt(server, reader.name, `guess-${i}-xxxx`);
    const adminSession = await signIn(server, admin.name, admin.password);
    const users = await call(server, '/api/admin/users', { headers: { cookie: adminSession.cookie } });
    const row = users.json.users.find((u: { name: string }) => u.name === 'reader');
    expect(row).toMatchObject({ failures: 5, lockedUntil: new Date(server.clock.now() + 30_000).toISOString() });
    expect(JSON.stringify(users.json)).not.toMatch(/scrypt|passwordHash|tokenHash/);

    const unlocked = await call(server, '/api/admin/users/reader/unlock', { method: 'POST', headers: adminSession.headers });
    expect(unlocked.status).toBe(200);
    expect((await attempt(server, reader.name, reader.password)).status).toBe(200);
    const trail = await server.app.audit.query({ event: 'User Authentication', user: 'reader' });
    expect(trail.map((r) => r.detail)).toEqual(expect.arrayContaining([expect.stringMatching(/^sign-in locked/), 'signed in']));
  });

  it('`npm run users -- unlock` (unlockedAt in the users file) clears earlier failures', async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) await attempt(server, reader.name, `guess-${i}-xxxx`);
    expect((await attempt(server, reader.name, reader.password)).status).toBe(429);
    server.clock.advance(1000);
    updateUsersFile(
      server.config.usersFile,
      (file) => void (file.users.find((u) => u.name === 'reader')!.unlockedAt = new Date(server!.clock.now()).toISOString()),
    );
    expect((await attempt(server, reader.name, reader.password)).status).toBe(200);
  });
});

describe('LoginThrottle', () => {
  const policy: ThrottlePolicy = { accountThreshold: 3, addressThreshold: 10, firstDelayMs: 1000, maxDelayMs: 5000, forgetAfterMs: 60_000, maxEntries: 3 };

  it('doubles the delay up to the cap, per account, case-insensitively', () => {
    const clock = testClock();
    const throttle = new LoginThrottle(clock.now, policy);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      throttle.recordFailure('Anna', '10.0.0.1');
      delays.push(throttle.retryAfterMs('anna', '10.0.0.2'));
    }
    expect(delays).toEqual([0, 0, 1000, 2000, 4000, 5000]);
    expect(throttle.accountState('ANNA')).toEqual({ failures: 6, lockedUntil: clock.now() + 5000 });
  });

  it('forgets counters after a quiet period and bounds how many it keeps', () => {
    const clock = testClock();
    const throttle = new LoginThrottle(clock.now, policy);
    for (let i = 0; i < 3; i++) throttle.recordFailure('anna', '10.0.0.1');
    clock.advance(60_001);
    expect(throttle.accountState('anna')).toEqual({ failures: 0, lockedUntil: null });
    for (const name of ['a', 'b', 'c', 'd']) throttle.recordFailure(name, `10.0.0.${name.charCodeAt(0)}`);
    expect(throttle.accountState('a').failures).toBe(0); // the least recent was dropped
    expect(throttle.accountState('d').failures).toBe(1);
  });
});
