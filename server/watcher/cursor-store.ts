/** The watcher's position in Orthanc's change log, in watcher_state (migration 001). */
import type { Queryable } from '../worklist/repository';

export async function loadLastSeq(db: Queryable, name: string): Promise<number | null> {
  const { rows } = await db.query<{ last_seq: string }>('SELECT last_seq FROM watcher_state WHERE name = $1', [name]);
  return rows[0] ? Number(rows[0].last_seq) : null;
}

/** Never backwards: with several servers watching, a slower one must not rewind a faster one. */
export async function saveLastSeq(db: Queryable, name: string, seq: number): Promise<void> {
  await db.query(
    `INSERT INTO watcher_state (name, last_seq, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (name) DO UPDATE SET last_seq = GREATEST(watcher_state.last_seq, EXCLUDED.last_seq), updated_at = now()`,
    [name, seq],
  );
}
