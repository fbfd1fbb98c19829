/**
 * Adults only: the findings models were trained and validated on adult chest films (the Kermany children's films
 * are out of scope), so a patient younger than ADULT_AGE_YEARS gets no AI findings and no AI urgency. Without any
 * age the OOD score stays the only guard.
 */
import { type DicomJson, getString } from '../../dicom/dicom-json';
import { Tag } from '../../dicom/tags';
import { ageFromDates, parseAgeString } from '../../study/worklist-study';

export const ADULT_AGE_YEARS = 18;
const DAYS_PER_YEAR = 365.25;

/** "paediatric (age 4Y; …)" when the age is known and under 18 years; undefined for adults and unknown ages. */
export function paediatricReason(patientAge: string, birthDate = '', studyDate = ''): string | undefined {
  const age = parseAgeString(patientAge) ?? ageFromDates(birthDate, studyDate);
  if (age === undefined || age.days >= ADULT_AGE_YEARS * DAYS_PER_YEAR) return undefined;
  return `paediatric (age ${age.text}; the findings models are for adults, ${ADULT_AGE_YEARS} years and over)`;
}

/** paediatricReason of an image's (or its SR's) patient attributes. */
export const paediatricReasonOf = (ds: DicomJson) =>
  paediatricReason(getString(ds, Tag.PatientAge), getString(ds, Tag.PatientBirthDate), getString(ds, Tag.StudyDate));
