/**
 * Sessions in PostgreSQL: what lets two or more Dokuei servers share readers' sign-ins. Only the
 * sha256 of each id is stored (a dump of the table cannot be replayed as cookies).
 */
import type pg from 'pg';
import type { SessionRecord, SessionStore } from './session-store';

interface Row {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  address: string;
}

const toRecord = (row: Row): SessionRecord => ({
  idHash: row.id_hash,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at.getTime(),
  lastSeenAt: row.last_seen_at.getTime(),
  address: row.address,
});

const at = (ms: number) => new Date(ms);

export class PgSessionStore implements SessionStore {
  constructor(private readonly db: pg.Pool) {}

  async insert(record: SessionRecord) {
    await this.db.query('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES ($1, $2, $3, $4, $5, $6)', [
      record.idHash,
      record.userId,
      record.csrfToken,
      at(record.createdAt),
      at(record.lastSeenAt),
      record.address,
    ]);
  }

  async get(idHash: string) {
    const { rows } = await this.db.query<Row>('SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, address FROM sessions WHERE id_hash = $1', [
      idHash,
    ]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async touch(idHash: string, lastSeenAt: number) {
    // GREATEST: two servers touching at once never move the clock backwards.
    await this.db.query('UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id_hash = $1', [idHash, at(lastSeenAt)]);
  }

  async delete(idHash: string) {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteForUser(userId: string, keepIdHash?: string) {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1 AND id_hash IS DISTINCT FROM $2', [userId, keepIdHash ?? null]);
  }

  async purge(idleBefore: number, createdBefore: number) {
    await this.db.query('DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2', [at(idleBefore), at(createdBefore)]);
  }
}
