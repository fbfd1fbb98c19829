/**
 * Two Dokuei servers over one PostgreSQL share readers' sessions: signed in on one, the same cookie
 * opens the other; signing out on the second ends it on the first. Real PostgreSQL (private cluster).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, stopPostgres } from '../../tools/postgres/postgres';
import { PgSessionStore } from '../../server/auth/pg-session-store';
import { migrate } from '../../server/db/migrate';
import { openDatabase } from '../../server/db/pool';
import { ACCOUNTS, call, removeTestServer, signIn, startTestServer, type TestServer } from './support/core-server';

const root = mkdtempSync(join(tmpdir(), 'dokuei-pg-sessions-'));
chmodSync(root, 0o711); // the cluster runs as `postgres`, which must traverse down to it
const dir = join(root, 'postgres');
let db: pg.Pool;
const servers: TestServer[] = [];

beforeAll(async () => {
  const connection = await startPostgres(dir);
  db = openDatabase(connection.url);
  await migrate(db);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => removeTestServer(server)));
  await db?.end();
  await stopPostgres(dir);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('sessions in PostgreSQL', () => {
  it('a session started on one server is known to the other, and ends on both', async () => {
    const first = await startTestServer({ deps: { sessionStore: new PgSessionStore(db) } });
    servers.push(first);
    const second = await startTestServer({ dir: first.dir, clock: first.clock, deps: { sessionStore: new PgSessionStore(db) } });
    servers.push(second);

    const session = await signIn(first, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    const { rows } = await db.query<{ id_hash: string }>('SELECT id_hash FROM sessions');
    expect(rows).toHaveLength(1);
    expect(session.cookie).not.toContain(rows[0].id_hash); // only the digest is stored

    const onSecond = await call(second, '/api/session', { headers: { cookie: session.cookie } });
    expect(onSecond.status).toBe(200);
    expect(onSecond.json).toMatchObject({ user: { id: ACCOUNTS.reader.name }, csrfToken: session.csrfToken });

    const logout = await call(second, '/api/session/logout', { method: 'POST', headers: { ...session.headers, origin: second.url } });
    expect(logout.status).toBe(200);
    expect((await call(first, '/api/session', { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it('idle sessions expire the same way as in memory', async () => {
    const server = await startTestServer({ deps: { sessionStore: new PgSessionStore(db) } });
    servers.push(server);
    const session = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    server.clock.advance(31 * 60_000);
    expect((await call(server, '/api/session', { headers: { cookie: session.cookie } })).status).toBe(401);
  });
});
