/**
 * Migration 011 on a worklist indexed before it: every row keeps its wait (waiting_since = the old
 * arrived_at), gets the same arrived_at and no acquisition time; the counters stay exact.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrate';
import { loadMigrations } from '../../server/db/migrations';
import { startTestDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
const ARRIVED = '2026-03-01T02:00:00.000Z';

beforeAll(async () => {
  db = await startTestDatabase(
    'dokuei-migration-011-',
    loadMigrations().filter((m) => m.version <= 10),
  );
  await db.pool.query(
    `INSERT INTO worklist (study_uid, orthanc_id, modality, arrived_at, urgency_level)
     SELECT '2.25.old.' || g, 'old-' || g, 'CR', $1::timestamptz + g * interval '1 minute', g % 4 FROM generate_series(1, 20) AS g`,
    [ARRIVED],
  );
  await migrate(db.pool);
}, 120_000);

afterAll(async () => {
  await db?.stop();
});

it('keeps every row waiting since its arrival and the counters exact', async () => {
  const { rows } = await db.pool.query<{ same: boolean; acquired: Date | null; first: Date }>(
    'SELECT bool_and(arrived_at = waiting_since) AS same, max(acquired_at) AS acquired, min(arrived_at) AS first FROM worklist',
  );
  expect(rows[0]).toEqual({ same: true, acquired: null, first: new Date(Date.parse(ARRIVED) + 60_000) });
  const counted = await db.pool.query<{ n: string }>('SELECT COALESCE(sum(n), 0)::text AS n FROM worklist_counts');
  expect(Number(counted.rows[0].n)).toBe(20);
});
