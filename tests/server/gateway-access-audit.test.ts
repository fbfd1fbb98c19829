import { describe, expect, it } from 'vitest';
import { AccessAuditThrottle } from '../../server/gateway/access-audit';

describe('AccessAuditThrottle', () => {
  it('records once per user and study per window', () => {
    const throttle = new AccessAuditThrottle(600_000, 3);
    expect(throttle.shouldRecord('a', 's1', 0)).toBe(true);
    expect(throttle.shouldRecord('a', 's1', 599_999)).toBe(false);
    expect(throttle.shouldRecord('b', 's1', 1)).toBe(true);
    expect(throttle.shouldRecord('a', 's2', 2)).toBe(true);
    expect(throttle.shouldRecord('a', 's1', 600_000)).toBe(true);
  });

  it('forgets the least recently recorded entry beyond its size', () => {
    const throttle = new AccessAuditThrottle(600_000, 2);
    throttle.shouldRecord('a', 's1', 0);
    throttle.shouldRecord('a', 's2', 1);
    throttle.shouldRecord('a', 's3', 2); // evicts s1
    expect(throttle.shouldRecord('a', 's1', 3)).toBe(true);
    expect(throttle.shouldRecord('a', 's3', 4)).toBe(false);
  });
});
