/**
 * The audit trail in PostgreSQL (server/audit/pg-audit-trail.ts) on a private cluster with the server's
 * migrations: call order kept across batches and servers' restarts, filters and keyset pages from SQL,
 * nothing lost on close, retried when the database refuses, one trail for two servers.
 */
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditQuery } from '../../server/audit/audit-event';
import { auditQuerySql, PgAuditTrail } from '../../server/audit/pg-audit-trail';
import { startTestDatabase, type TestDatabase } from '../worklist-index/support/database';
import { ACCOUNTS, call, removeTestServer, signIn, startTestServer, testClock, type TestServer } from './support/core-server';

let database: TestDatabase;
let db: pg.Pool;
const servers: TestServer[] = [];

beforeAll(async () => {
  database = await startTestDatabase('dokuei-audit-pg-');
  db = database.pool;
}, 60_000);
afterAll(() => database?.stop(), 60_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => removeTestServer(server)));
});

/** The table is append-only, so tests share it: each counts seq from the newest record before it. */
async function lastSeq(): Promise<number> {
  const { rows } = await db.query<{ seq: string }>('SELECT COALESCE(max(seq), 0) AS seq FROM audit_events');
  return Number(rows[0].seq);
}

const event = (user: string, extra: Partial<AuditEvent> = {}): AuditEvent => ({
  event: 'Query',
  action: 'E',
  outcome: 0,
  user,
  address: '127.0.0.1',
  ...extra,
});

describe('PgAuditTrail', () => {
  it('stores records in call order, across batches, with the time of the call; close() waits for all of them', async () => {
    const clock = testClock(Date.parse('2025-03-01T10:00:00Z'));
    const trail = new PgAuditTrail(db, clock.now);
    const base = await lastSeq();
    for (let i = 1; i <= 1200; i++) {
      trail.record(event(`u${i}`, { detail: `#${i}` }));
      if (i === 1) clock.advance(1500);
    }
    await trail.close();
    const { rows } = await db.query<{ user_id: string; time: Date }>('SELECT user_id, time FROM audit_events WHERE seq > $1 ORDER BY seq', [base]);
    expect(rows).toHaveLength(1200);
    expect(rows.every((row, i) => row.user_id === `u${i + 1}`)).toBe(true);
    expect(rows[0].time.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(rows[1].time.toISOString()).toBe('2025-03-01T10:00:01.500Z');
  });

  it('queries newest first with each filter, a limit and paging by seq, including what is still queued', async () => {
    const clock = testClock(Date.parse('2024-03-01T10:00:00Z'));
    const trail = new PgAuditTrail(db, clock.now);
    const base = await lastSeq();
    const seqs = (records: { seq: number }[]) => records.map((r) => r.seq - base);
    for (let i = 0; i < 10; i++) {
      trail.record(
        event(i % 2 ? 'anna' : 'bob', {
          studyUID: `1.2.${i % 3}`,
          patientID: `P${i % 4}`,
          role: 'radiologist',
          event: i === 9 ? 'Security Alert' : 'Query',
        }),
      );
      clock.advance(60_000);
    }
    // No flush first: query() itself waits for this server's queue.
    expect(seqs(await trail.query({ user: 'anna' }))).toEqual([10, 8, 6, 4, 2]);
    expect(seqs(await trail.query({ studyUID: '1.2.0' }))).toEqual([10, 7, 4, 1]);
    expect(seqs(await trail.query({ patientID: 'P1' }))).toEqual([10, 6, 2]);
    expect(seqs(await trail.query({ event: 'Security Alert' }))).toEqual([10]);
    expect(seqs(await trail.query({ limit: 3 }))).toEqual([10, 9, 8]);
    expect(seqs(await trail.query({ limit: 3, before: base + 8 }))).toEqual([7, 6, 5]);
    expect(seqs(await trail.query({ user: 'bob', before: base + 5, limit: 1 }))).toEqual([3]);
    expect(seqs(await trail.query({ from: '2024-03-01T10:02:00.000Z', to: '2024-03-01T10:04:00.000Z' }))).toEqual([5, 4, 3]);
    const [newest] = await trail.query({ limit: 1 });
    expect(newest).toEqual({
      seq: base + 10,
      time: '2024-03-01T10:09:00.000Z',
      event: 'Security Alert',
      action: 'E',
      outcome: 0,
      user: 'anna',
      role: 'radiologist',
      address: '127.0.0.1',
      studyUID: '1.2.0',
      patientID: 'P1',
    });
    expect(Object.keys(newest)).not.toContain('detail'); // absent fields stay absent, as in the file trail
    await trail.close();
  });

  it('keeps records the database refused and stores them, in order, once it answers again', async () => {
    const failures: unknown[] = [];
    const trail = new PgAuditTrail(db, Date.now, (error) => failures.push(error));
    const base = await lastSeq();
    await db.query('ALTER TABLE audit_events RENAME TO audit_events_away');
    trail.record(event('first'));
    trail.record(event('second'));
    await trail.flush();
    expect(failures.length).toBeGreaterThan(0);
    trail.record(event('third')); // queued behind the others while a retry is pending
    await db.query('ALTER TABLE audit_events_away RENAME TO audit_events');
    await trail.close();
    const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM audit_events WHERE seq > $1 ORDER BY seq', [base]);
    expect(rows.map((row) => row.user_id)).toEqual(['first', 'second', 'third']);
  });

  it('a record the database refuses for its data is logged and skipped; the records around it are stored at once', async () => {
    const failures: unknown[] = [];
    const trail = new PgAuditTrail(db, Date.now, (error) => failures.push(error));
    const base = await lastSeq();
    trail.record(event('before'));
    trail.record(event('nul', { detail: 'a NUL byte PostgreSQL text refuses: \u0000' }));
    // request.ip of a client that has gone
    trail.record({ ...event('gone'), address: undefined as unknown as string });
    trail.record(event('after'));
    const found = await trail.query({ limit: 10 });
    expect(failures).toEqual([]);
    expect(found.filter((record) => record.seq > base).map((record) => [record.user, record.address])).toEqual([
      ['after', '127.0.0.1'],
      ['gone', 'unknown'],
      ['before', '127.0.0.1'],
    ]);
  });

  it('each admin filter reads an index at 100,000 records, never the whole table', async () => {
    await db.query(`INSERT INTO audit_events (time, event, action, outcome, user_id, address, study_uid, patient_id)
      SELECT now() - g * interval '1 second', (ARRAY['Query', 'User Authentication', 'DICOM Instances Accessed', 'Security Alert'])[1 + g % 4],
        'E', 0, 'user' || g % 50, '127.0.0.1', '1.2.' || g % 5000, 'P' || g % 3000
      FROM generate_series(1, 100000) AS g`);
    await db.query('ANALYZE audit_events');
    const filters: AuditQuery[] = [{}, { user: 'user7', before: 50_000 }, { event: 'Security Alert' }, { studyUID: '1.2.17' }, { patientID: 'P99' }];
    for (const filter of filters) {
      const { sql, params } = auditQuerySql(filter);
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      // A large match is read backwards along seq; a small one (a study's 20 records) may be fetched and sorted.
      expect(plan, JSON.stringify(filter)).toMatch(/(Index Scan Backward using|Bitmap Index Scan on) audit_events_(pkey|by_\w+)/);
      expect(plan, JSON.stringify(filter)).not.toMatch(/Seq Scan/);
    }
  });
});

describe('audit trail of servers with a database', () => {
  it('two servers write one trail, read by an admin on either; nothing is lost when a server closes', async () => {
    const base = await lastSeq();
    const first = await startTestServer({ deps: { db } });
    servers.push(first);
    const second = await startTestServer({ dir: first.dir, clock: first.clock, deps: { db } });
    servers.push(second);
    await signIn(first, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    await call(second, '/api/session/login', { method: 'POST', headers: { origin: second.url }, body: { username: 'reader', password: 'wrong-password' } });
    await first.close(); // its trail is flushed on close
    servers.shift();

    const admin = await signIn(second, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
    const answer = await call(second, '/api/admin/audit?event=User%20Authentication', { headers: { cookie: admin.cookie } });
    expect(answer.status).toBe(200);
    const records = answer.json.records as { seq: number; user: string; outcome: number }[];
    expect(records.filter((r) => r.seq > base).map((r) => [r.seq - base, r.user, r.outcome])).toEqual([
      [3, 'admin', 0],
      [2, 'reader', 4],
      [1, 'reader', 0],
    ]);
    const paged = await call(second, `/api/admin/audit?user=reader&limit=1&before=${base + 2}`, { headers: { cookie: admin.cookie } });
    expect(paged.json.records.map((r: { seq: number }) => r.seq - base)).toEqual([1]);
    expect((await call(second, '/api/admin/audit?event=Nonsense', { headers: { cookie: admin.cookie } })).status).toBe(400);
  });
});
