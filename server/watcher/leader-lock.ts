/**
 * One watcher at a time across every Dokuei server on the database: a session-level advisory lock on
 * a connection of its own. The others stand by and take over when the holder's connection ends
 * (server stopped or crashed), so the change log is read once, not once per server.
 */
import type pg from 'pg';

export class LeaderLock {
  private client: pg.PoolClient | null = null;

  constructor(
    private readonly db: pg.Pool,
    private readonly key: string,
  ) {}

  get held(): boolean {
    return this.client !== null;
  }

  /** True when this process holds (or has just taken) the lock. */
  async acquire(): Promise<boolean> {
    if (this.client) return true;
    const client = await this.db.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.key]);
      if (!rows[0]?.locked) {
        client.release();
        return false;
      }
    } catch (error) {
      client.release();
      throw error;
    }
    // A dropped connection drops the lock with it: stand by again instead of believing we lead.
    client.on('error', () => this.lose());
    this.client = client;
    return true;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [this.key]).catch(() => undefined);
    client.release();
  }

  private lose(): void {
    const client = this.client;
    this.client = null;
    client?.release(true);
  }
}
