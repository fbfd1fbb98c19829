/**
 * Online password guessing is slowed per account and per network address: past a number of
 * failures each further attempt waits a delay that doubles up to 15 minutes (429 + Retry-After).
 * A successful sign-in resets both counters; an admin can unlock an account. In memory: a restart
 * forgets the counters (the audit trail keeps every failure).
 */

export interface ThrottlePolicy {
  accountThreshold: number;
  addressThreshold: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** A counter without failures for this long is dropped. */
  forgetAfterMs: number;
  /** Bound on remembered addresses/accounts (a spray from many addresses must not grow memory forever). */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  accountThreshold: 5,
  addressThreshold: 20,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 24 * 60 * 60_000,
  maxEntries: 10_000,
};

interface Counter {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export interface LockState {
  failures: number;
  /** Epoch ms; null when the account may try now. */
  lockedUntil: number | null;
}

export class LoginThrottle {
  private readonly accounts = new Map<string, Counter>();
  private readonly addresses = new Map<string, Counter>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  /** Milliseconds to wait before `account` may try from `address` (0: now). */
  retryAfterMs(account: string, address: string, unlockedAt: number | null = null): number {
    const now = this.now();
    const byAccount = this.current(this.accounts, key(account), unlockedAt);
    const byAddress = this.current(this.addresses, address, null);
    return Math.max(0, (byAccount?.lockedUntil ?? 0) - now, (byAddress?.lockedUntil ?? 0) - now);
  }

  /** Counts a failure; returns true when it locked the account (for the audit trail). */
  recordFailure(account: string, address: string, unlockedAt: number | null = null): boolean {
    const locked = this.bump(this.accounts, key(account), this.policy.accountThreshold, unlockedAt);
    this.bump(this.addresses, address, this.policy.addressThreshold, null);
    return locked;
  }

  recordSuccess(account: string, address: string): void {
    this.accounts.delete(key(account));
    this.addresses.delete(address);
  }

  unlock(account: string): void {
    this.accounts.delete(key(account));
  }

  accountState(account: string, unlockedAt: number | null = null): LockState {
    const counter = this.current(this.accounts, key(account), unlockedAt);
    const lockedUntil = counter && counter.lockedUntil > this.now() ? counter.lockedUntil : null;
    return { failures: counter?.failures ?? 0, lockedUntil };
  }

  /** The counter still in force: forgotten after a quiet day, or when an admin unlocked since. */
  private current(map: Map<string, Counter>, id: string, unlockedAt: number | null): Counter | null {
    const counter = map.get(id);
    if (!counter) return null;
    const stale = this.now() - counter.lastFailureAt > this.policy.forgetAfterMs;
    if (stale || (unlockedAt !== null && counter.lastFailureAt <= unlockedAt)) {
      map.delete(id);
      return null;
    }
    return counter;
  }

  private bump(map: Map<string, Counter>, id: string, threshold: number, unlockedAt: number | null): boolean {
    const now = this.now();
    const counter = this.current(map, id, unlockedAt) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    counter.failures++;
    counter.lastFailureAt = now;
    const excess = counter.failures - threshold;
    if (excess >= 0) counter.lockedUntil = now + Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** excess);
    map.delete(id); // re-insert: Map order is then least recently failed first
    map.set(id, counter);
    this.trim(map);
    return excess >= 0;
  }

  private trim(map: Map<string, Counter>): void {
    for (const id of map.keys()) {
      if (map.size <= this.policy.maxEntries) return;
      map.delete(id);
    }
  }
}

/** Account names are compared case-insensitively here, so "Admin" and "admin" share one counter. */
const key = (account: string) => account.toLowerCase();
