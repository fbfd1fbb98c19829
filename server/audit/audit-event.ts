/**
 * One audit record, in the vocabulary of IHE ATNA / DICOM PS3.15 A.5 (event ids and action codes),
 * so that a hospital's audit repository can take the trail as it is.
 */
export type AuditEventId =
  'User Authentication' | 'DICOM Instances Accessed' | 'Query' | 'DICOM Instances Transferred' | 'Export' | 'Security Alert' | 'Application Activity';

/** C create, R read, U update, D delete, E execute. */
export type AuditAction = 'C' | 'R' | 'U' | 'D' | 'E';

/** 0 success, 4 minor failure, 8 serious failure, 12 major failure (PS3.15 EventOutcomeIndicator). */
export type AuditOutcome = 0 | 4 | 8 | 12;

export interface AuditEvent {
  event: AuditEventId;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Account id, or null when anonymous (a failed sign-in names the attempted user in `detail`). */
  user: string | null;
  role?: string;
  /** The caller's network address. */
  address: string;
  studyUID?: string;
  patientID?: string;
  /** Short free text: what was queried, why something was refused. Never PHI beyond the ids above. */
  detail?: string;
}

export interface AuditRecord extends AuditEvent {
  /** Monotonic sequence number within this trail. */
  seq: number;
  /** ISO 8601 time the server recorded it. */
  time: string;
}

export interface AuditQuery {
  user?: string;
  event?: AuditEventId;
  studyUID?: string;
  patientID?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  limit?: number;
  /** Records with seq < before (paging backwards from the newest). */
  before?: number;
}

/**
 * Two implementations, chosen in server/app.ts: FileAuditTrail without a database, PgAuditTrail with one
 * (every server behind a load balancer writes the same trail).
 */
export interface AuditTrail {
  /** Never throws, never waits (on the PACS or the database); records keep the order of the calls. */
  record(event: AuditEvent): void;
  /** Newest first; includes every record this server has recorded before the call. */
  query(filter: AuditQuery): Promise<AuditRecord[]>;
  /** Everything recorded so far is stored when it resolves (the server calls it when it closes). */
  close(): void | Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditTrail;
  }
}
