/**
 * 'DICOM Instances Accessed' at most once per principal, study and window: a viewer opening a
 * study fetches hundreds of frames, and the trail should say "A read study S at T", not list each.
 * A small insertion-ordered Map is the LRU; losing it on restart only means one extra record.
 */
export const ACCESS_AUDIT_WINDOW_MS = 10 * 60_000;

export class AccessAuditThrottle {
  private readonly lastRecorded = new Map<string, number>();

  constructor(
    private readonly windowMs = ACCESS_AUDIT_WINDOW_MS,
    private readonly maxEntries = 10_000,
  ) {}

  /** True (and remembered) when this access should be recorded now. */
  shouldRecord(user: string, studyUID: string, now = Date.now()): boolean {
    const key = `${user}\u0000${studyUID}`;
    const last = this.lastRecorded.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.lastRecorded.delete(key); // re-inserted last: the Map's order is recency
    this.lastRecorded.set(key, now);
    if (this.lastRecorded.size > this.maxEntries) {
      const oldest = this.lastRecorded.keys().next().value;
      if (oldest !== undefined) this.lastRecorded.delete(oldest);
    }
    return true;
  }
}
