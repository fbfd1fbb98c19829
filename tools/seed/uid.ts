import { createHash } from 'node:crypto';

/**
 * A DICOM UID under the 2.25 root (ISO/IEC 9834-8: a 128-bit integer) derived from a key, so the
 * same source image always gets the same UIDs and re-seeding overwrites instead of duplicating.
 */
export function deterministicUid(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  return `2.25.${BigInt('0x' + digest.subarray(0, 16).toString('hex')).toString()}`;
}

/** A stable non-negative integer from a key, for deterministic choices (times, priorities). */
export function stableHash(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0);
}
