import pg from 'pg';

export type Database = pg.Pool;

export interface OpenDatabaseOptions {
  /** Connections kept at most (the server, its SSE clients and the queue share them). */
  max?: number;
  applicationName?: string;
}

/**
 * A connection pool for the Dokuei database. Connections are opened lazily; an idle connection
 * dropped by the server (restart, failover) is reported and replaced instead of crashing the process.
 */
export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'dokuei',
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => {
    console.error(`database: an idle connection failed (${error.message}); it will be replaced`);
  });
  return pool;
}
