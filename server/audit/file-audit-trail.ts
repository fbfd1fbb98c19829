/**
 * The audit trail as JSON lines, one file per month (STATE_DIR/audit/audit-YYYY-MM.jsonl). Each
 * record is appended (written to the operating system) before record() returns, so a crash of the server
 * (or of the PACS it was talking to) loses nothing already recorded. The fdatasync that makes it survive
 * a power cut runs off the event loop, one for all records appended meanwhile: a sync per record held
 * every request behind the disk (as PgAuditTrail, which queues). Sequence numbers continue across restarts.
 */
import { appendFileSync, closeSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEvent, AuditQuery, AuditRecord, AuditTrail } from './audit-event';

const FILE_NAME = /^audit-(\d{4}-\d{2})\.jsonl$/;
export const DEFAULT_QUERY_LIMIT = 100;
export const MAX_QUERY_LIMIT = 1000;

export class FileAuditTrail implements AuditTrail {
  private seq: number;
  private openFile: { month: string; fd: number } | null = null;
  /** A background fdatasync is running; `unsynced`: records were appended since it started. */
  private syncing = false;
  private unsynced = false;

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
    private readonly onFailure: (error: unknown) => void = (error) => console.error('[dokuei] audit record NOT written:', error),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.seq = this.lastSeq();
  }

  record(event: AuditEvent): void {
    const time = new Date(this.now()).toISOString();
    const record: AuditRecord = { seq: this.seq + 1, time, ...event };
    try {
      const fd = this.fileFor(time.slice(0, 7));
      appendFileSync(fd, JSON.stringify(record) + '\n');
      this.seq = record.seq;
      this.syncSoon();
    } catch (error) {
      // Never throws into the request: the failure is loud in the log instead.
      this.onFailure(error);
    }
  }

  async query(filter: AuditQuery): Promise<AuditRecord[]> {
    const limit = Math.min(Math.max(1, Math.floor(filter.limit ?? DEFAULT_QUERY_LIMIT)), MAX_QUERY_LIMIT);
    const found: AuditRecord[] = [];
    for (const name of this.files().reverse()) {
      const month = FILE_NAME.exec(name)![1];
      // Whole months outside the time range are skipped unread.
      if (filter.from && month < filter.from.slice(0, 7)) break;
      if (filter.to && month > filter.to.slice(0, 7)) continue;
      const lines = (await readFile(join(this.dir, name), 'utf8')).split('\n');
      for (let i = lines.length - 1; i >= 0 && found.length < limit; i--) {
        const record = parseLine(lines[i]);
        if (record && matches(record, filter)) found.push(record);
      }
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Syncs and closes the open file (the trail is then reopened on the next record). */
  close(): void {
    if (this.openFile) {
      fdatasyncSync(this.openFile.fd);
      closeSync(this.openFile.fd);
    }
    this.openFile = null;
    this.unsynced = false;
  }

  private syncSoon(): void {
    this.unsynced = true;
    const file = this.openFile;
    if (this.syncing || !file) return;
    this.syncing = true;
    this.unsynced = false;
    fdatasync(file.fd, (error) => {
      this.syncing = false;
      // A file closed meanwhile was synced by close() (the error is then its closed descriptor).
      if (error && this.openFile === file) this.onFailure(error);
      if (this.unsynced) this.syncSoon();
    });
  }

  private fileFor(month: string): number {
    if (this.openFile?.month !== month) {
      this.close();
      const path = join(this.dir, `audit-${month}.jsonl`);
      const fd = openSync(path, 'a', 0o600);
      // A torn last line (power cut mid-write) must not swallow the next record: end it first.
      if (!endsWithNewline(path)) appendFileSync(fd, '\n');
      this.openFile = { month, fd };
    }
    return this.openFile.fd;
  }

  private files(): string[] {
    return readdirSync(this.dir)
      .filter((name) => FILE_NAME.test(name))
      .sort();
  }

  /** The newest readable record's seq (a torn last line after a power cut is skipped). */
  private lastSeq(): number {
    for (const name of this.files().reverse()) {
      const lines = readFileSync(join(this.dir, name), 'utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const record = parseLine(lines[i]);
        if (record) return record.seq;
      }
    }
    return 0;
  }
}

function endsWithNewline(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string): AuditRecord | null {
  if (!line.trim()) return null;
  try {
    const record = JSON.parse(line) as AuditRecord;
    return typeof record.seq === 'number' ? record : null;
  } catch {
    return null;
  }
}

function matches(record: AuditRecord, filter: AuditQuery): boolean {
  return (
    (filter.before === undefined || record.seq < filter.before) &&
    (filter.user === undefined || record.user === filter.user) &&
    (filter.event === undefined || record.event === filter.event) &&
    (filter.studyUID === undefined || record.studyUID === filter.studyUID) &&
    (filter.patientID === undefined || record.patientID === filter.patientID) &&
    (filter.from === undefined || record.time >= filter.from) &&
    (filter.to === undefined || record.time <= filter.to)
  );
}
