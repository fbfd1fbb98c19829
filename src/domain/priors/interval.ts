import { MS_PER_DAY, type StudyInstant } from './study-time';

const MS_PER_HOUR = 3_600_000;
const DAYS_PER_MONTH = 365.25 / 12;
const DAYS_PER_YEAR = 365.25;
/** Below these many days the interval reads in days, then months, then years. */
const MONTHS_FROM_DAYS = 60;
const YEARS_FROM_DAYS = 730;

/** Days from `earlier` to `later`, counted on calendar dates (time of day ignored). */
export function intervalDays(earlier: StudyInstant, later: StudyInstant): number {
  return Math.round((later.dayMs - earlier.dayMs) / MS_PER_DAY);
}

/**
 * How long before `later` the `earlier` study was, as a radiologist reads it: "+45 min", "+5 h",
 * "same day", "+12 d", "+3 mo", "+2 y". Hours need both study times; otherwise calendar days count.
 */
export function formatInterval(earlier: StudyInstant, later: StudyInstant): string {
  if (earlier.timeOfDayMs !== undefined && later.timeOfDayMs !== undefined) {
    const ms = later.dayMs + later.timeOfDayMs - (earlier.dayMs + earlier.timeOfDayMs);
    if (ms < MS_PER_HOUR) return `+${Math.max(0, Math.floor(ms / 60_000))} min`;
    if (ms < MS_PER_DAY) return `+${Math.floor(ms / MS_PER_HOUR)} h`;
  }
  const days = intervalDays(earlier, later);
  if (days === 0) return 'same day';
  if (days < MONTHS_FROM_DAYS) return `+${days} d`;
  if (days < YEARS_FROM_DAYS) return `+${Math.round(days / DAYS_PER_MONTH)} mo`;
  return `+${Math.round(days / DAYS_PER_YEAR)} y`;
}
