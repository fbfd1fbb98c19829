/** Display formatting of worklist cells: pure, text only. */
import type { Study } from './study';

/** YYYYMMDD → YYYY-MM-DD (ISO, unambiguous across locales); '' stays ''. */
export function formatStudyDate(date: string): string {
  return date ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : '';
}

/** HHMMSS → HH:MM. */
export function formatStudyTime(time: string): string {
  return time ? `${time.slice(0, 2)}:${time.slice(2, 4)}` : '';
}

export function formatDateTime(study: Study): string {
  return [formatStudyDate(study.studyDate), formatStudyTime(study.studyTime)].filter(Boolean).join(' ');
}

export function formatSexAge(study: Study): string {
  return [study.patientSex, study.patientAge].filter(Boolean).join(' / ');
}

export function formatCounts(study: Study): string {
  if (study.seriesCount === undefined && study.instanceCount === undefined) return '';
  return `${study.seriesCount ?? '?'} / ${study.instanceCount ?? '?'}`;
}
