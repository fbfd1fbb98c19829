import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../server/audit/audit-event';
import { FileAuditTrail } from '../../server/audit/file-audit-trail';
import { ACCOUNTS, call, removeTestServer, signIn, startTestServer, testClock, type TestServer } from './support/core-server';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const event = (user: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  event: 'Query',
  action: 'E',
  outcome: 0,
  user,
  address: '127.0.0.1',
  ...extra,
});

describe('FileAuditTrail', () => {
  it('appends JSON lines to a month file (0600) with monotonic seq, continued after a reopen', async () => {
    const trailDir = join(dir, 'restart');
    const clock = testClock(Date.parse('2025-01-31T23:59:59Z'));
    const first = new FileAuditTrail(trailDir, clock.now);
    first.record(event('a'));
    clock.advance(2000); // February
    first.record(event('b'));
    first.close();
    expect(readdirSync(trailDir).sort()).toEqual(['audit-2025-01.jsonl', 'audit-2025-02.jsonl']);
    expect(statSync(join(trailDir, 'audit-2025-02.jsonl')).mode & 0o777).toBe(0o600);
    const line = JSON.parse(readFileSync(join(trailDir, 'audit-2025-02.jsonl'), 'utf8'));
    expect(line).toEqual({ seq: 2, time: '2025-02-01T00:00:01.000Z', ...event('b') });

    // A torn line (power cut mid-write) is skipped; numbering goes on from the last whole record.
    appendFileSync(join(trailDir, 'audit-2025-02.jsonl'), '{"seq":3,"ti');
    const second = new FileAuditTrail(trailDir, clock.now);
    second.record(event('c'));
    const all = await second.query({});
    expect(all.map((r) => [r.seq, r.user])).toEqual([
      [3, 'c'],
      [2, 'b'],
      [1, 'a'],
    ]);
    second.close();
  });

  it('queries newest first with filters, a limit and paging by seq', async () => {
    const clock = testClock(Date.parse('2025-03-01T10:00:00Z'));
    const trail = new FileAuditTrail(join(dir, 'query'), clock.now);
    for (let i = 0; i < 10; i++) {
      trail.record(event(i % 2 ? 'anna' : 'bob', { studyUID: `1.2.${i % 3}`, event: i === 9 ? 'Security Alert' : 'Query' }));
      clock.advance(60_000);
    }
    expect((await trail.query({ user: 'anna' })).map((r) => r.seq)).toEqual([10, 8, 6, 4, 2]);
    expect((await trail.query({ studyUID: '1.2.0' })).map((r) => r.seq)).toEqual([10, 7, 4, 1]);
    expect((await trail.query({ event: 'Security Alert' })).map((r) => r.seq)).toEqual([10]);
    expect((await trail.query({ limit: 3 })).map((r) => r.seq)).toEqual([10, 9, 8]);
    expect((await trail.query({ limit: 3, before: 8 })).map((r) => r.seq)).toEqual([7, 6, 5]);
    expect((await trail.query({ from: '2025-03-01T10:02:00.000Z', to: '2025-03-01T10:04:00.000Z' })).map((r) => r.seq)).toEqual([5, 4, 3]);
    trail.close();
  });

  it('never throws into the caller when the disk refuses', () => {
    const failures: unknown[] = [];
    const trail = new FileAuditTrail(join(dir, 'broken'), Date.now, (error) => failures.push(error));
    rmSync(join(dir, 'broken'), { recursive: true });
    expect(() => trail.record(event('a'))).not.toThrow();
    expect(failures).toHaveLength(1);
  });
});

describe('audit trail in the server', () => {
  it('records sign-ins, failures and sign-outs, readable by admins, and keeps numbering across a restart', async () => {
    server = await startTestServer();
    const reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    await call(server, '/api/session/login', { method: 'POST', headers: { origin: server.url }, body: { username: 'reader', password: 'wrong-password' } });
    await call(server, '/api/session/logout', { method: 'POST', headers: reader.headers });

    server = await server.restart();
    const admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
    const answer = await call(server, '/api/admin/audit?event=User%20Authentication', { headers: { cookie: admin.cookie } });
    expect(answer.status).toBe(200);
    const records = answer.json.records as { seq: number; user: string | null; outcome: number; detail: string }[];
    expect(records.map((r) => [r.seq, r.user, r.outcome, r.detail])).toEqual([
      [4, 'admin', 0, 'signed in'],
      [3, 'reader', 0, 'signed out'],
      [2, 'reader', 4, 'sign-in refused for "reader": wrong password'],
      [1, 'reader', 0, 'signed in'],
    ]);
    const paged = await call(server, '/api/admin/audit?user=reader&limit=1&before=3', { headers: { cookie: admin.cookie } });
    expect(paged.json.records.map((r: { seq: number }) => r.seq)).toEqual([2]);
    expect((await call(server, '/api/admin/audit?event=Nonsense', { headers: { cookie: admin.cookie } })).status).toBe(400);
    expect((await call(server, '/api/admin/audit?limit=lots', { headers: { cookie: admin.cookie } })).status).toBe(400);
  });

  it('an unknown user is recorded as anonymous, naming the attempted user in the detail', async () => {
    server = await startTestServer();
    await call(server, '/api/session/login', { method: 'POST', headers: { origin: server.url }, body: { username: 'mallory', password: 'guess-guess' } });
    const [record] = await server.app.audit.query({});
    expect(record).toMatchObject({
      event: 'User Authentication',
      user: null,
      outcome: 4,
      address: '127.0.0.1',
      detail: 'sign-in refused for "mallory": unknown user',
    });
  });
});
