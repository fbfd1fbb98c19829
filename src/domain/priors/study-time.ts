/**
 * DICOM study date/time (DA "YYYYMMDD", TM "HHMMSS.FFFFFF") as UTC-based milliseconds.
 * Only differences between two studies matter here, so the (unknown) time zone cancels out.
 */
export interface StudyInstant {
  /** Midnight of the study date, ms since the epoch (UTC arithmetic). */
  dayMs: number;
  /** Milliseconds since midnight, when StudyTime was present and valid. */
  timeOfDayMs?: number;
}

export const MS_PER_DAY = 86_400_000;

/** Accepts DA "YYYYMMDD" and the legacy ACR-NEMA "YYYY.MM.DD" / ISO "YYYY-MM-DD"; rejects impossible dates. */
export function parseStudyDate(value: string | undefined): number | undefined {
  const match = /^(\d{4})[.-]?(\d{2})[.-]?(\d{2})$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  const valid = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
  return valid ? ms : undefined;
}

/** Accepts TM "HH", "HHMM", "HHMMSS", "HHMMSS.FFFFFF" and the legacy "HH:MM:SS"; rejects out-of-range fields. */
export function parseStudyTime(value: string | undefined): number | undefined {
  const match = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(\.\d{1,6})?)?)?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  const seconds = Number(match[3] ?? 0) + Number(match[4] ?? 0);
  if (hours > 23 || minutes > 59 || seconds >= 61) return undefined; // 60 s: leap second, allowed by DICOM
  return ((hours * 60 + minutes) * 60 + seconds) * 1000;
}

export function parseStudyInstant(date: string | undefined, time: string | undefined): StudyInstant | undefined {
  const dayMs = parseStudyDate(date);
  if (dayMs === undefined) return undefined;
  const timeOfDayMs = parseStudyTime(time);
  return timeOfDayMs === undefined ? { dayMs } : { dayMs, timeOfDayMs };
}

/** A point on a time axis; a missing time counts as midnight, so same-day studies without one sort first. */
export function instantMs(instant: StudyInstant): number {
  return instant.dayMs + (instant.timeOfDayMs ?? 0);
}

/**
 * Signed order of two instants: negative when `a` is earlier. Same day with a missing time → 0 (order unknown).
 */
export function compareInstants(a: StudyInstant, b: StudyInstant): number {
  if (a.dayMs !== b.dayMs) return a.dayMs - b.dayMs;
  if (a.timeOfDayMs === undefined || b.timeOfDayMs === undefined) return 0;
  return a.timeOfDayMs - b.timeOfDayMs;
}
