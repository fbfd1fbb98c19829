import type pg from 'pg';
import { loadMigrations, type Migration } from './migrations';

/**
 * Session advisory lock held while migrating: two servers starting at once queue here, and the
 * second finds everything applied. Any fixed number works as long as only migrations use it.
 */
export const MIGRATION_LOCK_ID = 4_520_711;

export interface MigrateResult {
  /** What this call applied (empty when the schema was already current). */
  applied: Migration[];
  /** Highest version in the database afterwards. */
  version: number;
}

/**
 * Brings the schema up to date: each pending migration runs in its own transaction together with
 * its row in schema_migrations, so a failed one leaves nothing half-done and is retried next start.
 */
export async function migrate(pool: pg.Pool, migrations: Migration[] = loadMigrations()): Promise<MigrateResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      return await applyPending(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
}

async function applyPending(client: pg.PoolClient, migrations: Migration[]): Promise<MigrateResult> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const { rows } = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  const done = new Map(rows.map((row) => [row.version, row.checksum]));
  for (const migration of migrations) {
    const checksum = done.get(migration.version);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new Error(`migration ${label(migration)} changed after it was applied: add a new migration instead`);
    }
  }

  const applied: Migration[] = [];
  for (const migration of migrations.filter((m) => !done.has(m.version))) {
    try {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`migration ${label(migration)} failed: ${(error as Error).message}`);
    }
    applied.push(migration);
  }
  // A newer server may already have applied versions this one does not know: that is not an error.
  const versions = [...done.keys(), ...applied.map((m) => m.version)];
  return { applied, version: versions.length ? Math.max(...versions) : 0 };
}

const label = (m: Migration) => `${String(m.version).padStart(3, '0')}_${m.name}.sql`;
