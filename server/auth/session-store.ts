/**
 * Where sessions live, behind an interface small enough for a PostgreSQL table to replace the
 * in-memory map. Keys are sha256 digests of the cookie's id: the store never holds a usable id.
 */

export interface SessionRecord {
  /** sha256 (hex) of the session id. */
  idHash: string;
  userId: string;
  csrfToken: string;
  /** Epoch ms. */
  createdAt: number;
  lastSeenAt: number;
  address: string;
}

export interface SessionStore {
  insert(record: SessionRecord): Promise<void>;
  get(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, lastSeenAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Every session of a user but `keepIdHash` (after a password change). */
  deleteForUser(userId: string, keepIdHash?: string): Promise<void>;
  /** Drops sessions last seen before `idleBefore` or created before `createdBefore`. */
  purge(idleBefore: number, createdBefore: number): Promise<void>;
}

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();

  async insert(record: SessionRecord) {
    this.sessions.set(record.idHash, { ...record });
  }
  async get(idHash: string) {
    const record = this.sessions.get(idHash);
    return record ? { ...record } : null;
  }
  async touch(idHash: string, lastSeenAt: number) {
    const record = this.sessions.get(idHash);
    if (record) record.lastSeenAt = lastSeenAt;
  }
  async delete(idHash: string) {
    this.sessions.delete(idHash);
  }
  async deleteForUser(userId: string, keepIdHash?: string) {
    for (const [idHash, record] of this.sessions) if (record.userId === userId && idHash !== keepIdHash) this.sessions.delete(idHash);
  }
  async purge(idleBefore: number, createdBefore: number) {
    for (const [idHash, record] of this.sessions) {
      if (record.lastSeenAt < idleBefore || record.createdAt < createdBefore) this.sessions.delete(idHash);
    }
  }
}
