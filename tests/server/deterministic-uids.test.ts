import { describe, expect, it } from 'vitest';
import { deterministicUid, resultUids } from '../../server/worker/deterministic-uids';

describe('resultUids.trackingUid', () => {
  const uids = resultUids('1.2.3', 'test-detector@1.0.0:abc');

  it('keeps the first finding of a label on the UID it always had', () => {
    expect(uids.trackingUid('bright_square', 0)).toBe(deterministicUid('1.2.3', 'test-detector@1.0.0:abc', 'finding', 'bright_square'));
  });

  it('gives each further box of the same label its own UID, the same on a retry', () => {
    const boxes = [0, 1, 2].map((nth) => uids.trackingUid('bright_square', nth));
    expect(new Set(boxes).size).toBe(3);
    expect(resultUids('1.2.3', 'test-detector@1.0.0:abc').trackingUid('bright_square', 2)).toBe(boxes[2]);
  });
});
