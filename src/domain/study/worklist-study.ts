/**
 * The study model (study.ts) mapped once from a QIDO study result, and the normalizations it uses.
 * Everything is plain text or numbers ready to render; missing or odd tags become '' / undefined, never an exception.
 */
import { type DicomJson, getNumber, getPersonName, getString, getStrings } from '../dicom/dicom-json';
import { Tag } from '../dicom/tags';
import type { Study } from './study';

/** DICOM defined terms of RequestedProcedurePriority (0040,1003), most urgent first. */
export const PRIORITIES = ['STAT', 'HIGH', 'MEDIUM', 'ROUTINE', 'LOW'] as const;

const AGE_UNIT_DAYS: Record<string, number> = { D: 1, W: 7, M: 30.4375, Y: 365.25 };

/** PatientAge "045Y" → { text: "45Y", days }; undefined when not of the AS form. */
export function parseAgeString(value: string): { text: string; days: number } | undefined {
  const match = /^(\d{1,3})\s*([DWMY])$/i.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2].toUpperCase();
  return { text: `${amount}${unit}`, days: amount * AGE_UNIT_DAYS[unit] };
}

function parseDicomDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.getUTCMonth() === +match[2] - 1 ? date : undefined;
}

/** Age at the study from birth and study dates (both YYYYMMDD); undefined if either is unusable. */
export function ageFromDates(birthDate: string, studyDate: string): { text: string; days: number } | undefined {
  const birth = parseDicomDate(birthDate);
  const study = parseDicomDate(studyDate);
  if (!birth || !study || study < birth) return undefined;
  const days = Math.round((study.getTime() - birth.getTime()) / 86_400_000);
  // Whole calendar months: one less when the day of the month has not been reached yet.
  const months =
    (study.getUTCFullYear() - birth.getUTCFullYear()) * 12 + (study.getUTCMonth() - birth.getUTCMonth()) - (study.getUTCDate() < birth.getUTCDate() ? 1 : 0);
  if (months >= 24) return { text: `${Math.floor(months / 12)}Y`, days };
  if (months >= 1) return { text: `${months}M`, days };
  return { text: `${days}D`, days };
}

/** A DICOM date only when it is a real calendar date; otherwise ''. */
export function normalizeDate(value: string): string {
  return parseDicomDate(value) ? value : '';
}

/** HHMMSS[.frac] / HH:MM:SS (old form) → HHMMSS padded; '' when not a time. */
export function normalizeTime(value: string): string {
  const digits = value.split('.')[0].replace(/:/g, '');
  if (!/^\d{2,6}$/.test(digits) || digits.length % 2 !== 0) return '';
  const padded = digits.padEnd(6, '0');
  const [hh, mm, ss] = [padded.slice(0, 2), padded.slice(2, 4), padded.slice(4, 6)].map(Number);
  return hh < 24 && mm < 60 && ss < 61 ? padded : '';
}

export function priorityRank(priority: string): number {
  const rank = (PRIORITIES as readonly string[]).indexOf(priority);
  return rank >= 0 ? rank : PRIORITIES.length;
}

export function studyFromDicom(ds: DicomJson): Study | null {
  const studyInstanceUid = getString(ds, Tag.StudyInstanceUID);
  if (!studyInstanceUid) return null;
  const studyDate = normalizeDate(getString(ds, Tag.StudyDate));
  const age = parseAgeString(getString(ds, Tag.PatientAge)) ?? ageFromDates(getString(ds, Tag.PatientBirthDate), studyDate);
  const patientName = getPersonName(ds, Tag.PatientName);
  const patientID = getString(ds, Tag.PatientID);
  const accession = getString(ds, Tag.AccessionNumber);
  const description = getString(ds, Tag.StudyDescription);
  const modalities = [...new Set(getStrings(ds, Tag.ModalitiesInStudy).map((m) => m.toUpperCase()))];
  return {
    studyInstanceUid,
    patientName,
    patientID,
    patientSex: getString(ds, Tag.PatientSex).toUpperCase(),
    patientAge: age?.text ?? '',
    patientAgeDays: age?.days,
    modalities,
    bodyPart: getString(ds, Tag.BodyPartExamined).toUpperCase(),
    description,
    studyDate,
    studyTime: normalizeTime(getString(ds, Tag.StudyTime)),
    accession,
    seriesCount: getNumber(ds, Tag.NumberOfStudyRelatedSeries),
    instanceCount: getNumber(ds, Tag.NumberOfStudyRelatedInstances),
    priority: getString(ds, Tag.RequestedProcedurePriority).toUpperCase(),
    searchText: foldForSearch([patientName, patientID, accession, description].join('\n')),
  };
}

/** Case- and accent-insensitive form for substring search ("Müller" matches "muller"). */
export function foldForSearch(text: string): string {
  // Most DICOM text is ASCII: skip the (costly) Unicode decomposition when it cannot matter.
  // eslint-disable-next-line no-control-regex -- the range is "not ASCII", which starts at U+0000
  const folded = /[^\u0000-\u007f]/.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
  return folded.toLowerCase();
}
