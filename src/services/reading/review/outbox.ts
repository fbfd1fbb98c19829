/**
 * SRs waiting for the PACS. Each is kept (IndexedDB in the browser) until a STOW succeeds; a
 * failed attempt only moves its next attempt later (exponential backoff, capped), so nothing is
 * dropped. Keyed by SOPInstanceUID: enqueueing or sending the same SR twice stores it once.
 */
export interface OutboxEntry {
  sopInstanceUid: string;
  studyInstanceUid: string;
  /** Part 10 bytes of the SR. */
  bytes: ArrayBuffer;
  enqueuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}

export interface OutboxStorage {
  all(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(sopInstanceUid: string): Promise<void>;
}

export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 30_000;

/** Wait before attempt n+1 after n failed attempts: 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelay(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(failedAttempts - 1, 0), MAX_RETRY_MS);
}

export function newEntry(sopInstanceUid: string, studyInstanceUid: string, bytes: ArrayBuffer, now: number): OutboxEntry {
  return { sopInstanceUid, studyInstanceUid, bytes, enqueuedAt: now, attempts: 0, nextAttemptAt: now };
}

export type Send = (entry: OutboxEntry) => Promise<void>;

export interface FlushResult {
  sent: string[];
  failed: string[];
  /** When the earliest remaining entry is due; null when the outbox is empty. */
  nextAttemptAt: number | null;
}

/** Sends every due entry (all of them with `force`), oldest first; one failure does not stop the rest. */
export async function flushOutbox(storage: OutboxStorage, send: Send, now: number, force = false): Promise<FlushResult> {
  const entries = (await storage.all()).sort((a, b) => a.enqueuedAt - b.enqueuedAt);
  const result: FlushResult = { sent: [], failed: [], nextAttemptAt: null };
  const later = (at: number) => (result.nextAttemptAt = Math.min(result.nextAttemptAt ?? at, at));
  for (const entry of entries) {
    if (!force && entry.nextAttemptAt > now) {
      later(entry.nextAttemptAt);
      continue;
    }
    try {
      await send(entry);
      await storage.remove(entry.sopInstanceUid);
      result.sent.push(entry.sopInstanceUid);
    } catch (error) {
      const attempts = entry.attempts + 1;
      const failed = { ...entry, attempts, nextAttemptAt: now + retryDelay(attempts), lastError: error instanceof Error ? error.message : String(error) };
      await storage.put(failed);
      result.failed.push(entry.sopInstanceUid);
      later(failed.nextAttemptAt);
    }
  }
  return result;
}

/** An OutboxStorage in memory: for tests and for browsers without IndexedDB. */
export function memoryOutbox(): OutboxStorage {
  const entries = new Map<string, OutboxEntry>();
  return {
    all: async () => [...entries.values()],
    put: async (entry) => void entries.set(entry.sopInstanceUid, entry),
    remove: async (uid) => void entries.delete(uid),
  };
}
