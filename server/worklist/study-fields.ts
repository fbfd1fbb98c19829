/**
 * One worklist row's study fields from QIDO-RS answers (study level + every series), pure.
 * Orthanc 1.10 answers non-index tags from the newest instance, which after the AI stored its SR is
 * the SR: modality, body part and request priority are therefore taken from the IMAGE series only
 * (each series' answer comes from an instance of that series), never from the study-level answer.
 */
import { type DicomJson, getNumber, getPersonName, getString, getStrings } from '../../src/domain/dicom/dicom-json';
import { Tag } from '../../src/domain/dicom/tags';
import type { IndexStudyFields } from '../../src/domain/study/index-row';
import { acquisitionTime } from '../../src/domain/triage/waiting-since';

/** The fields as built here: the date-time is a Date until the database stores it. */
export type StudyFields = IndexStudyFields<Date> & {
  /** When the study was acquired (src/domain/triage/waiting-since.ts acquisitionTime); null when undated. */
  acquiredAt?: Date | null;
};

/** Series that are not images: documents, segmentations, presentation states, key objects … */
export const NON_IMAGE_MODALITIES = ['SR', 'SEG', 'PR', 'KO', 'DOC', 'RTSTRUCT', 'RTPLAN', 'RWV', 'REG', 'FID', 'AU', 'ECG'];

const blankToNull = (value: string) => (value === '' ? null : value);

export const isImageSeries = (series: DicomJson) => {
  const modality = getString(series, Tag.Modality).toUpperCase();
  return modality !== '' && !NON_IMAGE_MODALITIES.includes(modality);
};

/** Lowest SeriesNumber first (then UID): the same choice whatever order QIDO answered in. */
function bySeriesNumber(a: DicomJson, b: DicomJson): number {
  const na = getNumber(a, Tag.SeriesNumber) ?? Number.MAX_SAFE_INTEGER;
  const nb = getNumber(b, Tag.SeriesNumber) ?? Number.MAX_SAFE_INTEGER;
  return na - nb || getString(a, Tag.SeriesInstanceUID).localeCompare(getString(b, Tag.SeriesInstanceUID));
}

/** YYYYMMDD[+HHMMSS] → UTC Date; null for partial or impossible dates. */
export function parseStudyDateTime(date: string, time: string): Date | null {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!d) return null;
  const digits = time.split('.')[0].replace(/:/g, '').trim();
  const t = /^\d*$/.test(digits) && digits.length % 2 === 0 ? digits.padEnd(6, '0') : '000000';
  const [hh, mm, ss] = [t.slice(0, 2), t.slice(2, 4), t.slice(4, 6)].map(Number);
  const at = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3], hh < 24 ? hh : 0, mm < 60 ? mm : 0, ss < 60 ? ss : 0));
  return at.getUTCMonth() === +d[2] - 1 && at.getUTCDate() === +d[3] ? at : null;
}

function firstOf(series: readonly DicomJson[], tag: string, transform = (v: string) => v): string | null {
  for (const s of series) {
    const value = transform(getString(s, tag));
    if (value) return value;
  }
  return null;
}

export function buildStudyFields(orthancId: string, study: DicomJson, series: readonly DicomJson[]): StudyFields {
  const images = series.filter(isImageSeries).sort(bySeriesNumber);
  const imageModalities = [...new Set(images.map((s) => getString(s, Tag.Modality).toUpperCase()))];
  // No image series answered (yet): the study's list minus non-image modalities, never "SR".
  const modalities =
    imageModalities.length > 0
      ? imageModalities
      : getStrings(study, Tag.ModalitiesInStudy)
          .map((m) => m.toUpperCase())
          .filter((m) => m && !NON_IMAGE_MODALITIES.includes(m));
  const studyDate = getString(study, Tag.StudyDate);
  const studyTime = getString(study, Tag.StudyTime);
  const acquiredAt = acquisitionTime(study, images);
  return {
    studyUid: getString(study, Tag.StudyInstanceUID),
    orthancId,
    patientId: getString(study, Tag.PatientID),
    patientName: getPersonName(study, Tag.PatientName),
    patientSex: blankToNull(getString(study, Tag.PatientSex)),
    patientBirthDate: blankToNull(getString(study, Tag.PatientBirthDate)),
    accession: blankToNull(getString(study, Tag.AccessionNumber)),
    studyDate: blankToNull(studyDate),
    studyTime: blankToNull(studyTime),
    studyDateTime: parseStudyDateTime(studyDate, studyTime),
    acquiredAt: acquiredAt === null ? null : new Date(acquiredAt),
    modality: modalities.length > 0 ? modalities.join('\\') : null,
    bodyPart: firstOf(images, Tag.BodyPartExamined, (v) => v.toUpperCase()),
    description: blankToNull(getString(study, Tag.StudyDescription)),
    priority: firstOf(images, Tag.RequestedProcedurePriority, (v) => v.trim().toUpperCase()),
    seriesCount: getNumber(study, Tag.NumberOfStudyRelatedSeries) ?? null,
    instanceCount: getNumber(study, Tag.NumberOfStudyRelatedInstances) ?? null,
  };
}
