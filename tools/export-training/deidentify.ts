/**
 * Keyed pseudonyms, per-patient date shifts and patient-disjoint splits. Deterministic for a salt,
 * so a later export with the same salt gives every patient the same pseudonym, shift and split;
 * without the salt a pseudonym cannot be tied back to a PatientID (HMAC-SHA-256).
 */
import { createHash, createHmac } from 'node:crypto';

const keyed = (salt: string, purpose: string, value: string) => createHmac('sha256', salt).update(`${purpose}\0${value}`).digest();

/** patient_id of the dataset: "anon-" + 16 hex digits of HMAC(salt, PatientID). */
export const pseudonym = (salt: string, patientId: string) => `anon-${keyed(salt, 'patient', patientId).toString('hex').slice(0, 16)}`;

/** Image file name from the SOP Instance UID, which itself never appears in the output. */
export const imageFileName = (salt: string, sopInstanceUid: string) => `images/${keyed(salt, 'image', sopInstanceUid).toString('hex').slice(0, 20)}.png`;

/** Every date of a patient moves back by the same 1..MAX_SHIFT_DAYS days: intervals between exams stay. */
export const MAX_SHIFT_DAYS = 1095;

export const dateShiftDays = (salt: string, patientId: string) => -(1 + (keyed(salt, 'date', patientId).readUInt32BE(0) % MAX_SHIFT_DAYS));

/** A DICOM date (YYYYMMDD) moved by `days`; '' for anything that is not a calendar date. */
export function shiftDate(date: string, days: number): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!match) return '';
  const day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  if (day.getUTCDate() !== +match[3]) return '';
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The cut of the shared sets: about 70 % train, 15 % val, 15 % test, by patient. */
const SPLITS = [
  { split: 'train', upTo: 0.7 },
  { split: 'val', upTo: 0.85 },
  { split: 'test', upTo: 1 },
] as const;

/** Split from the pseudonym alone: the same patient lands in the same split in every export. */
export function splitOf(patientPseudonym: string): string {
  const u = createHash('sha256').update(patientPseudonym).digest().readUInt32BE(0) / 2 ** 32;
  return (SPLITS.find((s) => u < s.upTo) ?? SPLITS[2]).split;
}
