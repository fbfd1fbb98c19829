/**
 * Session lifetimes over a SessionStore: random 32-byte ids (only their sha256 is stored), an idle
 * timeout and an absolute limit, a fresh id at every sign-in (no fixation), a CSRF token per session.
 */
import type { SessionRecord, SessionStore } from './session-store';
import { randomSecret, sha256 } from './tokens';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/**
 * A session's idle clock moves at most this often. Every request of a reader (a CT series is hundreds of frame
 * requests) would otherwise write the session row: with it, one write a minute per reader. The idle timeout
 * then holds to within this interval.
 */
export const TOUCH_INTERVAL_MS = 60_000;

export class Sessions {
  private lastPurge = 0;

  constructor(
    private readonly store: SessionStore,
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session; the returned id goes into the cookie and nowhere else. */
  async start(userId: string, address: string): Promise<{ id: string; record: SessionRecord }> {
    const id = randomSecret(32);
    const now = this.now();
    const record: SessionRecord = { idHash: sha256(id), userId, csrfToken: randomSecret(32), createdAt: now, lastSeenAt: now, address };
    await this.store.insert(record);
    await this.purgeNowAndThen();
    return { id, record };
  }

  /** The live session of a cookie id, or null (expired ones are deleted). `activity` extends the idle timer (see TOUCH_INTERVAL_MS). */
  async resume(id: string, activity = true): Promise<SessionRecord | null> {
    const idHash = sha256(id);
    const record = await this.store.get(idHash);
    if (!record) return null;
    const now = this.now();
    if (now - record.lastSeenAt > this.limits.idleMs || now - record.createdAt > this.limits.absoluteMs) {
      await this.store.delete(idHash);
      return null;
    }
    if (activity && now - record.lastSeenAt >= TOUCH_INTERVAL_MS) {
      await this.store.touch(idHash, now);
      record.lastSeenAt = now;
    }
    return record;
  }

  async end(idHash: string): Promise<void> {
    await this.store.delete(idHash);
  }

  async endOthers(userId: string, keepIdHash?: string): Promise<void> {
    await this.store.deleteForUser(userId, keepIdHash);
  }

  /** Expired sessions are dropped at most once a minute, piggy-backed on sign-ins. */
  private async purgeNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPurge < 60_000) return;
    this.lastPurge = now;
    await this.store.purge(now - this.limits.idleMs, now - this.limits.absoluteMs);
  }
}
