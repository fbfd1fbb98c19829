/**
 * UIDs of the worker's SR and SEG derived from (StudyInstanceUID, model builds, role): a retried
 * job re-stores the same SOP instances (Orthanc overwrites or keeps them: never a duplicate).
 * 2.25 form (PS3.5 B.2): the first 128 bits of a SHA-256, as a decimal integer.
 */
import { createHash } from 'node:crypto';

export function deterministicUid(...parts: string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString()}`;
}

/** A UidSource (src/domain/dicom/sr/uid.ts) giving the same sequence for the same seed. */
export function uidSequence(...seed: string[]): () => string {
  let n = 0;
  return () => deterministicUid(...seed, String(n++));
}

export interface ResultUids {
  srSop: string;
  srSeries: string;
  segSeed: string[];
  /** The `nth` finding of a label (boxes of a detector repeat labels); the first keeps the label's UID. */
  trackingUid(label: string, nth: number): string;
}

export function resultUids(studyUid: string, modelKey: string): ResultUids {
  return {
    srSop: deterministicUid(studyUid, modelKey, 'ai-result-sr', 'sop'),
    srSeries: deterministicUid(studyUid, modelKey, 'ai-result-sr', 'series'),
    segSeed: [studyUid, modelKey, 'lung-seg'],
    trackingUid: (label, nth) => deterministicUid(studyUid, modelKey, 'finding', label, ...(nth > 0 ? [String(nth)] : [])),
  };
}
