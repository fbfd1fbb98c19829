/**
 * Reads what a worklist row needs about one study from the PACS: QIDO-RS at study level (index tags)
 * and series level (the image series' own tags), plus the shared reading state (metadata 1024).
 */
import { createHash } from 'node:crypto';
import { getString } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { Tag } from '../../src/domain/dicom/tags';
import { READING_STATE_METADATA } from '../reading/reading-store-orthanc';
import { readingFieldsFromText, type ReadingFields } from '../worklist/reading-fields';
import { buildStudyFields, type StudyFields } from '../worklist/study-fields';
import { orthancGet, type PacsTransport } from './pacs-direct';

// Dates and offset: the acquisition time of a study without StudyDate (src/domain/triage/waiting-since.ts).
const SERIES_FIELDS = [
  'BodyPartExamined',
  'RequestedProcedurePriority',
  'SeriesDescription',
  'SeriesNumber',
  'SeriesDate',
  'SeriesTime',
  'AcquisitionDateTime',
  'TimezoneOffsetFromUTC',
];

/** Orthanc's public study id: SHA-1 of "PatientID|StudyInstanceUID" in 5 dash-separated groups. */
export function orthancStudyId(patientId: string, studyUid: string): string {
  const hex = createHash('sha1').update(`${patientId}|${studyUid}`).digest('hex');
  return hex.match(/.{8}/g)!.join('-');
}

/** The study's row fields, or null when the PACS no longer has it. */
export async function readStudyFields(client: PacsClient, studyUid: string, orthancId?: string): Promise<StudyFields | null> {
  const [studies, series] = await Promise.all([
    client.searchStudies({
      match: { StudyInstanceUID: studyUid },
      includefield: ['ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances', 'TimezoneOffsetFromUTC'],
    }),
    client.searchSeries(studyUid, { includefield: SERIES_FIELDS }),
  ]);
  // QIDO may answer a UID twice when PatientIDs differ by trailing spaces: take the one Orthanc named.
  const study = studies.find((s) => !orthancId || orthancStudyId(getString(s, Tag.PatientID), studyUid) === orthancId) ?? studies[0];
  if (!study) return null;
  return buildStudyFields(orthancId ?? orthancStudyId(getString(study, Tag.PatientID), studyUid), study, series);
}

export async function readReadingFields(transport: PacsTransport, orthancId: string): Promise<ReadingFields> {
  const response = await orthancGet(transport, `/studies/${encodeURIComponent(orthancId)}/metadata/${READING_STATE_METADATA}`, 'text/plain');
  return readingFieldsFromText(response ? await response.text() : null);
}
