/**
 * The triage job queue on PostgreSQL (pg-boss 10, schema `pgboss` in the Dokuei database).
 *
 * One job per study: singletonKey = StudyInstanceUID under the `stately` policy, so a study has at
 * most one job waiting and one running at any time (a second enqueue while one waits is dropped).
 * "Not twice after success" is the worker's check of the row's model key (and of the PACS for an
 * AI result SR of the same builds) before it runs the models; `force` skips that check.
 *
 * A job that throws is retried with exponential backoff; one that outlives expireInSeconds (its
 * worker died: pg-boss 10 has no heartbeat) is failed by the maintenance loop and retried as well.
 * After retryLimit failures it lands in the dead-letter queue `triage-dead`, listed for admins.
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';

export const TRIAGE_QUEUE = 'triage';
export const TRIAGE_DEAD_LETTER = 'triage-dead';
export const QUEUE_SCHEMA = 'pgboss';

export interface TriageJobData {
  studyUid: string;
  /** Orthanc study id when known (saves a lookup). */
  orthancId?: string;
  /** Run the models even when a result of the same builds exists. */
  force?: boolean;
  /** Who asked: watcher, reindex, admin … (for the logs). */
  reason?: string;
}

export interface TriageQueueOptions {
  connectionString: string;
  schema?: string;
  retryLimit?: number;
  /** Seconds before the first retry; doubled per retry (retryBackoff). */
  retryDelaySeconds?: number;
  /** Longer than the worst inference (model run ~0.1 s, PACS I/O a few s): a stuck job is retried after it. */
  expireInSeconds?: number;
  /** How often expired jobs are looked for (pg-boss maintenance). */
  maintenanceIntervalSeconds?: number;
  /** Connections pg-boss keeps. */
  max?: number;
  /** False for a process that only enqueues and lists (no maintenance loop of its own). */
  supervise?: boolean;
  log?: (line: string) => void;
}

export interface QueueCounts {
  /** Jobs per state in `triage` (created, retry, active, completed, failed, cancelled). */
  triage: Record<string, number>;
  /** Dead letters waiting for an admin. */
  deadLetters: number;
}

export interface DeadLetter {
  id: string;
  studyUid: string;
  data: TriageJobData;
  createdOn: string;
  /** The last error of the failed triage job, when still kept. */
  lastError: unknown;
}

/** What the admin route needs (server/worklist imports this type only). */
export interface QueueAdmin {
  counts(): Promise<QueueCounts>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
}

/** A pg client inside the caller's transaction, as pg-boss's `db` option wants it. */
export const transactionDb = (client: Pick<pg.PoolClient, 'query'>): PgBoss.Db => ({
  executeSql: async (text: string, values: unknown[]) => client.query(text, values as unknown[]),
});

/**
 * pg-boss 10's shortest polling interval. A fetch is one indexed SELECT … FOR UPDATE SKIP LOCKED, cheap
 * enough twice a second per worker, and it bounds the wait between enqueue and start (issue #13).
 */
export const DEFAULT_POLL_SECONDS = 0.5;

export const DEFAULT_QUEUE_SETTINGS = { retryLimit: 4, retryDelaySeconds: 30, expireInSeconds: 600 } as const;

export class TriageQueue implements QueueAdmin {
  private constructor(
    readonly boss: PgBoss,
    private readonly schema: string,
  ) {}

  static async open(options: TriageQueueOptions): Promise<TriageQueue> {
    const schema = options.schema ?? QUEUE_SCHEMA;
    const boss = new PgBoss({
      connectionString: options.connectionString,
      schema,
      max: options.max ?? 3,
      application_name: 'dokuei-queue',
      supervise: options.supervise ?? true,
      // Cron scheduling is not used: no clock monitor.
      schedule: false,
      ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
    });
    const log = options.log ?? ((line: string) => console.warn(line));
    boss.on('error', (error) => log(`queue: ${error.message}`));
    await boss.start();
    await boss.createQueue(TRIAGE_DEAD_LETTER, { name: TRIAGE_DEAD_LETTER, policy: 'standard', retentionMinutes: 60 * 24 * 30 });
    const triage = {
      name: TRIAGE_QUEUE,
      policy: 'stately' as const,
      retryLimit: options.retryLimit ?? DEFAULT_QUEUE_SETTINGS.retryLimit,
      retryDelay: options.retryDelaySeconds ?? DEFAULT_QUEUE_SETTINGS.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? DEFAULT_QUEUE_SETTINGS.expireInSeconds,
      deadLetter: TRIAGE_DEAD_LETTER,
    };
    await boss.createQueue(TRIAGE_QUEUE, triage);
    // createQueue keeps an existing queue as it was: apply changed settings too.
    await boss.updateQueue(TRIAGE_QUEUE, triage);
    return new TriageQueue(boss, schema);
  }

  /**
   * One job for the study unless one already waits for it (then null). Pass `db` to enqueue in the
   * caller's transaction (the watcher: the row, the cursor and the job commit together).
   */
  async enqueue(data: TriageJobData, options: { db?: Pick<pg.PoolClient, 'query'> } = {}): Promise<string | null> {
    return this.boss.send(TRIAGE_QUEUE, data as unknown as object, {
      singletonKey: data.studyUid,
      ...(options.db ? { db: transactionDb(options.db) } : {}),
    });
  }

  /** Works the queue one job at a time in this process (batchSize 1). */
  async work(handler: (job: PgBoss.JobWithMetadata<TriageJobData>) => Promise<unknown>, options: { pollingIntervalSeconds?: number } = {}): Promise<string> {
    return this.boss.work<TriageJobData>(
      TRIAGE_QUEUE,
      { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? DEFAULT_POLL_SECONDS },
      async ([job]) => handler(job),
    );
  }

  async counts(): Promise<QueueCounts> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT name, state, count(*)::int AS n FROM ${this.schema}.job WHERE name IN ($1, $2) GROUP BY name, state`, [
        TRIAGE_QUEUE,
        TRIAGE_DEAD_LETTER,
      ]);
    const triage: Record<string, number> = { created: 0, retry: 0, active: 0, completed: 0, failed: 0, cancelled: 0 };
    let deadLetters = 0;
    for (const row of rows as { name: string; state: string; n: number }[]) {
      if (row.name === TRIAGE_QUEUE) triage[row.state] = row.n;
      else if (row.state === 'created' || row.state === 'retry') deadLetters += row.n;
    }
    return { triage, deadLetters };
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT d.id, d.data, d.created_on,
         (SELECT f.output FROM ${this.schema}.job f
           WHERE f.name = $1 AND f.state = 'failed' AND f.singleton_key = d.data->>'studyUid'
           ORDER BY f.completed_on DESC NULLS LAST LIMIT 1) AS last_error
       FROM ${this.schema}.job d
       WHERE d.name = $2 AND d.state IN ('created', 'retry')
       ORDER BY d.created_on DESC LIMIT $3`,
      [TRIAGE_QUEUE, TRIAGE_DEAD_LETTER, limit],
    );
    return (rows as { id: string; data: TriageJobData; created_on: Date; last_error: unknown }[]).map((row) => ({
      id: row.id,
      studyUid: row.data?.studyUid ?? '',
      data: row.data,
      createdOn: new Date(row.created_on).toISOString(),
      lastError: row.last_error,
    }));
  }

  /** An admin's "try again": the dead letter is completed and the study enqueued afresh (forced). */
  async requeueDeadLetter(id: string): Promise<string | null> {
    const job = await this.boss.getJobById<TriageJobData>(TRIAGE_DEAD_LETTER, id);
    if (!job) return null;
    const queued = await this.enqueue({ ...job.data, force: true, reason: 'admin retry' });
    await this.boss.complete(TRIAGE_DEAD_LETTER, id);
    return queued;
  }

  /** graceful: waits up to `timeoutMs` for the running job; a job still active then is retried after its expiry. */
  async stop(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    await this.boss.stop({ graceful: options.graceful ?? true, timeout: options.timeoutMs ?? 30_000, wait: true, close: true });
  }
}
