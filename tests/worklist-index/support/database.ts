/** A private PostgreSQL cluster in a temp dir with the server's migrations applied; stop() removes it. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { startPostgres, stopPostgres, type PostgresConnection } from '../../../tools/postgres/postgres';
import { migrate } from '../../../server/db/migrate';
import { loadMigrations, type Migration } from '../../../server/db/migrations';
import { openDatabase } from '../../../server/db/pool';

export interface TestDatabase {
  root: string;
  dir: string;
  connection: PostgresConnection;
  pool: pg.Pool;
  stop(): Promise<void>;
}

/** `migrations`: the schema to start from (default all; a migration test starts from an older one). */
export async function startTestDatabase(prefix = 'dokuei-worklist-', migrations: Migration[] = loadMigrations()): Promise<TestDatabase> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  // As root the cluster runs as `postgres`, which must be able to traverse down to it.
  chmodSync(root, 0o711);
  const dir = join(root, 'postgres');
  const connection = await startPostgres(dir);
  const pool = openDatabase(connection.url, { max: 8 });
  await migrate(pool, migrations);
  return {
    root,
    dir,
    connection,
    pool,
    async stop() {
      await pool.end().catch(() => undefined);
      await stopPostgres(dir);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
