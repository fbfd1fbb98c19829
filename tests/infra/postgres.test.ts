/**
 * Integration: a private PostgreSQL cluster started by tools/postgres in a temp dir, the server's
 * migrations applied to it (idempotent, safe when two servers start at once), the audit trail's
 * append-only rule, then a clean stop.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresRunning, startPostgres, stopPostgres, type PostgresConnection } from '../../tools/postgres/postgres';
import { migrate } from '../../server/db/migrate';
import { loadMigrations } from '../../server/db/migrations';
import { openDatabase } from '../../server/db/pool';

const root = mkdtempSync(join(tmpdir(), 'dokuei-postgres-'));
// As root the cluster runs as `postgres`, which must be able to traverse down to it.
chmodSync(root, 0o711);
const dir = join(root, 'postgres');
let connection: PostgresConnection;
const pools: pg.Pool[] = [];
const pool = () => {
  const opened = openDatabase(connection.url);
  pools.push(opened);
  return opened;
};

beforeAll(async () => {
  connection = await startPostgres(dir);
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await stopPostgres(dir);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('private PostgreSQL cluster', () => {
  it('listens on loopback with a password login for the app and one for Orthanc', async () => {
    expect(connection).toMatchObject({ host: '127.0.0.1', database: 'dokuei', user: 'dokuei', orthanc: { database: 'orthanc' } });
    expect(connection.url).toBe(`postgres://dokuei:${connection.password}@127.0.0.1:${connection.port}/dokuei`);
    expect(statSync(join(dir, 'connection.json')).mode & 0o777).toBe(0o600);
    const { rows } = await pool().query("SELECT current_user, current_setting('listen_addresses') AS listen");
    expect(rows[0]).toEqual({ current_user: 'dokuei', listen: '127.0.0.1' });
  });

  it('refuses a wrong password and keeps each role out of the other database', async () => {
    const wrong = new pg.Client({ host: '127.0.0.1', port: connection.port, user: 'dokuei', database: 'dokuei', password: 'wrong' });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
    const orthancIntoDokuei = new pg.Client({ host: '127.0.0.1', port: connection.port, ...connection.orthanc, database: 'dokuei' });
    await expect(orthancIntoDokuei.connect()).rejects.toThrow(/permission denied for database/);
  });

  it('returns the running cluster again instead of starting a second one', async () => {
    expect(isPostgresRunning(dir)).toBe(true);
    expect(await startPostgres(dir)).toEqual(connection);
  });
});

describe('migrate', () => {
  it('applies every migration once, then nothing', async () => {
    const db = pool();
    const first = await migrate(db);
    expect(first.applied.map((m) => m.version)).toEqual(loadMigrations().map((m) => m.version));
    const second = await migrate(db);
    expect(second).toEqual({ applied: [], version: first.version });
    const { rows } = await db.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows[0]).toEqual({ version: 1, name: 'initial' });
  });

  it('two servers migrating at once: one applies, the other waits and finds it done', async () => {
    const migrations = [{ version: 900, name: 'slow_probe', sql: 'SELECT pg_sleep(0.5); CREATE TABLE probe (id int);', checksum: 'probe' }];
    const base = loadMigrations();
    const results = await Promise.all([migrate(pool(), [...base, ...migrations]), migrate(pool(), [...base, ...migrations])]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
    expect(results.every((r) => r.version === 900)).toBe(true);
  });

  it('stops when an applied migration was edited afterwards', async () => {
    const edited = loadMigrations().map((m) => (m.version === 1 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(pool(), edited)).rejects.toThrow(/001_initial\.sql changed after it was applied/);
  });

  it('rolls a failing migration back completely', async () => {
    const broken = { version: 901, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_column FROM half_done;', checksum: 'b' };
    await expect(migrate(pool(), [...loadMigrations(), broken])).rejects.toThrow(/901_broken\.sql failed/);
    const { rows } = await pool().query("SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM schema_migrations WHERE version = 901) AS n");
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });
});

describe('audit_events', () => {
  it('takes new records and refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = pool();
    await db.query(
      "INSERT INTO audit_events (event, action, outcome, user_id, role, address, study_uid) VALUES ('Query', 'E', 0, 'alice', 'radiologist', '127.0.0.1', '1.2.3')",
    );
    await expect(db.query("UPDATE audit_events SET user_id = 'mallory'")).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE refused/);
    const { rows } = await db.query('SELECT user_id FROM audit_events');
    expect(rows).toEqual([{ user_id: 'alice' }]);
  });
});

describe('stop', () => {
  it('stops the cluster', async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
    expect(await stopPostgres(dir)).toBe(true);
    expect(isPostgresRunning(dir)).toBe(false);
    expect(await stopPostgres(dir)).toBe(false);
  });
});
