import { describe, expect, it } from 'vitest';
import { deterministicUid } from '../../tools/seed/uid';

describe('deterministicUid', () => {
  it('is stable, distinct per key and a valid 2.25 UID', () => {
    const keys = ['a', 'b', 'dokuei-demo/cxr_nih14_sample/nih-1/0/study'];
    const uids = keys.map(deterministicUid);
    expect(keys.map(deterministicUid)).toEqual(uids);
    expect(new Set(uids).size).toBe(keys.length);
    for (const uid of uids) {
      expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
      expect(uid.length).toBeLessThanOrEqual(64);
    }
  });
});
