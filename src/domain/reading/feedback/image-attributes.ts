/** The few image attributes a training row keeps, in the labels.csv convention of ../shared/data. */
import { ageFromDates, parseAgeString } from '../../study/worklist-study';

/** view_norm: PA, AP, LATERAL or UNKNOWN (laterals are stored as LL/RL in DICOM). */
export function viewNorm(viewPosition: string): string {
  const view = viewPosition.trim().toUpperCase();
  if (view === 'PA' || view === 'AP') return view;
  return /^(LL|RL|LAT|LATERAL)$/.test(view) ? 'LATERAL' : 'UNKNOWN';
}

/** Ages above this are written as this (PS3.15 / HIPAA Safe Harbor: 90 and over is one group). */
export const AGE_CAP = 90;
const DAYS_PER_YEAR = 365.25;

/** Age in years at the study (days / 365.25, floored): PatientAge ("061Y"), else from birth and study dates; undefined when neither says. */
export function ageYears(patientAge: string, birthDate: string, studyDate: string): number | undefined {
  const age = parseAgeString(patientAge) ?? ageFromDates(birthDate, studyDate);
  return age === undefined ? undefined : Math.min(Math.floor(age.days / DAYS_PER_YEAR), AGE_CAP);
}

/** M, F or O as in DICOM; anything else is unknown (''). */
export const sexCode = (patientSex: string) => (/^[MFO]$/.test(patientSex.trim().toUpperCase()) ? patientSex.trim().toUpperCase() : '');
