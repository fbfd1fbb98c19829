/**
 * LISTEN worklist_changed on one dedicated connection, fanned out to every live view (SSE stream).
 * A lost connection is re-opened with backoff; listeners then get '*' ("refetch, you may have
 * missed changes"), as they do for a TRUNCATE.
 */
import type pg from 'pg';

export const WORKLIST_CHANNEL = 'worklist_changed';
export type ChangeListener = (studyUid: string) => void;

export class WorklistEvents {
  private client: pg.PoolClient | null = null;
  private readonly listeners = new Set<ChangeListener>();
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  /** Starts listening (idempotent); resolves once LISTEN is in place or the first attempt failed. */
  start(): Promise<void> {
    this.stopped = false;
    this.connecting ??= this.connect().finally(() => (this.connecting = null));
    return this.connecting;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`UNLISTEN ${WORKLIST_CHANNEL}`).catch(() => undefined);
      client.release(true);
    }
  }

  private emit(studyUid: string): void {
    for (const listener of this.listeners) {
      try {
        listener(studyUid);
      } catch {
        // One broken stream must not starve the others.
      }
    }
  }

  private async connect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.pool.connect();
      client.on('notification', (message) => {
        if (message.channel === WORKLIST_CHANNEL) this.emit(message.payload ?? '*');
      });
      client.on('error', (error) => this.lost(client!, error));
      await client.query(`LISTEN ${WORKLIST_CHANNEL}`);
      this.client = client;
      if (attempt > 0) this.emit('*');
    } catch (error) {
      client?.release(true);
      this.scheduleRetry(attempt + 1, error);
    }
  }

  private lost(client: pg.PoolClient, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    client.release(true);
    this.scheduleRetry(1, error);
  }

  private scheduleRetry(attempt: number, error: unknown): void {
    if (this.stopped) return;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
    this.log(`worklist events: LISTEN lost (${error instanceof Error ? error.message : String(error)}), retrying in ${delay} ms`);
    this.retryTimer = setTimeout(() => void this.connect(attempt), delay);
  }
}
