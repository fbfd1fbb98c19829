/**
 * The audit trail in PostgreSQL (audit_events, migrations 001 + 008), so that every server behind a
 * load balancer writes one trail. record() only queues: one writer per server inserts what is queued in
 * batches, in the order of the calls (one INSERT per batch, seq assigned in that order), and retries
 * later when the database refuses. close() stores what is queued: a clean shutdown loses nothing.
 */
import type pg from 'pg';
import type { AuditEvent, AuditEventId, AuditQuery, AuditRecord, AuditTrail } from './audit-event';
import { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT } from './file-audit-trail';

/** Rows per INSERT: a burst is stored in a few statements instead of one round trip per event. */
const MAX_BATCH = 500;
/** Waits between attempts while the database refuses (doubling up to the last). */
const RETRY_MS = [100, 500, 2000, 5000];
/** Attempts close() makes before it logs what is left (a shutdown while the database is away). */
const CLOSE_ATTEMPTS = 5;

type Pending = AuditEvent & { time: string };

interface Row {
  seq: string;
  time: Date;
  event: AuditEventId;
  action: AuditRecord['action'];
  outcome: AuditRecord['outcome'];
  user_id: string | null;
  role: string | null;
  address: string;
  study_uid: string | null;
  patient_id: string | null;
  detail: string | null;
}

// unnest keeps the array order and WITH ORDINALITY ORDER BY makes it explicit: seq follows record() calls.
const INSERT_SQL = `INSERT INTO audit_events (time, event, action, outcome, user_id, role, address, study_uid, patient_id, detail)
  SELECT time, event, action, outcome, user_id, role, address, study_uid, patient_id, detail
  FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    WITH ORDINALITY AS batch (time, event, action, outcome, user_id, role, address, study_uid, patient_id, detail, position)
  ORDER BY position`;

export class PgAuditTrail implements AuditTrail {
  private queue: Pending[] = [];
  private writer: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly db: pg.Pool,
    private readonly now: () => number = Date.now,
    private readonly onFailure: (error: unknown) => void = (error) => console.error('[dokuei] audit records not stored yet, will retry:', error),
  ) {}

  record(event: AuditEvent): void {
    // request.ip is undefined once the client has gone (an aborted request is still audited).
    this.queue.push({ ...event, address: event.address ?? 'unknown', time: new Date(this.now()).toISOString() });
    this.startWriter();
  }

  async query(filter: AuditQuery): Promise<AuditRecord[]> {
    await this.flush();
    const { sql, params } = auditQuerySql(filter);
    return (await this.db.query<Row>(sql, params)).rows.map(toRecord);
  }

  /** Waits for the writer: everything recorded before the call is stored, unless the database refused. */
  async flush(): Promise<void> {
    while (this.writer) await this.writer;
  }

  /** Stores what is queued, retrying a few times; what the database still refuses goes to the log. */
  async close(): Promise<void> {
    for (let attempt = 0; this.queue.length > 0 && attempt < CLOSE_ATTEMPTS; attempt++) {
      if (this.retry) await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1]));
      this.stopRetry();
      this.startWriter();
      await this.flush();
    }
    this.stopRetry();
    for (const pending of this.queue.splice(0)) console.error(`[dokuei] audit record NOT stored: ${JSON.stringify(pending)}`);
  }

  /** One writer at a time, none while a retry waits: batches go out in call order. */
  private startWriter(): void {
    if (this.writer || this.retry || this.queue.length === 0) return;
    this.writer = this.write().finally(() => {
      this.writer = null;
    });
  }

  /** Batches until the queue is empty; on failure a retry later. */
  private async write(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.slice(0, MAX_BATCH);
        try {
          await this.db.query(INSERT_SQL, columns(batch));
          this.queue.splice(0, batch.length);
        } catch (error) {
          if (!refusesData(error)) throw error;
          await this.storeOneByOne(batch.length);
        }
        this.failures = 0;
      }
    } catch (error) {
      this.onFailure(error);
      this.failures++;
      this.retry = setTimeout(
        () => {
          this.retry = null;
          this.startWriter();
        },
        RETRY_MS[Math.min(this.failures, RETRY_MS.length) - 1],
      );
    }
  }

  /** The first `count` queued records one at a time, after the database refused them as a batch: one bad record cannot hold back the trail. */
  private async storeOneByOne(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const record = this.queue[0];
      await this.db.query(INSERT_SQL, columns([record])).catch((error: unknown) => {
        if (!refusesData(error)) throw error;
        console.error(`[dokuei] audit record NOT stored (${(error as Error).message}): ${JSON.stringify(record)}`);
      });
      this.queue.shift();
    }
  }

  private stopRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): retrying the same rows cannot succeed. */
function refusesData(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** The admin query: each filter is one indexed column; seq DESC reads the matching index backwards (migration 009). */
export function auditQuerySql(filter: AuditQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
  if (filter.user !== undefined) add('user_id = ?', filter.user);
  if (filter.event !== undefined) add('event = ?', filter.event);
  if (filter.studyUID !== undefined) add('study_uid = ?', filter.studyUID);
  if (filter.patientID !== undefined) add('patient_id = ?', filter.patientID);
  if (filter.from !== undefined) add('time >= ?::timestamptz', filter.from);
  if (filter.to !== undefined) add('time <= ?::timestamptz', filter.to);
  if (filter.before !== undefined) add('seq < ?', filter.before);
  const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_QUERY_LIMIT)), MAX_QUERY_LIMIT);
  return { sql: `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit}`, params };
}

function columns(batch: Pending[]): unknown[][] {
  return [
    batch.map((e) => e.time),
    batch.map((e) => e.event),
    batch.map((e) => e.action),
    batch.map((e) => e.outcome),
    batch.map((e) => e.user),
    batch.map((e) => e.role ?? null),
    batch.map((e) => e.address),
    batch.map((e) => e.studyUID ?? null),
    batch.map((e) => e.patientID ?? null),
    batch.map((e) => e.detail ?? null),
  ];
}

/** The file trail's shape: absent optional fields are left out, not null. */
function toRecord(row: Row): AuditRecord {
  return {
    seq: Number(row.seq),
    time: row.time.toISOString(),
    event: row.event,
    action: row.action,
    outcome: row.outcome,
    user: row.user_id,
    ...(row.role !== null ? { role: row.role } : {}),
    address: row.address,
    ...(row.study_uid !== null ? { studyUID: row.study_uid } : {}),
    ...(row.patient_id !== null ? { patientID: row.patient_id } : {}),
    ...(row.detail !== null ? { detail: row.detail } : {}),
  };
}
