/**
 * Reads what a worklist row needs about one study from the PACS: QIDO-RS at study level (index tags)
 * and series level (the image series' own tags), the shared reading state (metadata 1024) and its SRs
 * (the stored AI result, the monitoring rows), read once. The watcher and the reindex read many
 * studies at once (readConcurrently) before their page's transaction.
 */
import { createHash } from 'node:crypto';
import { getString } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { Tag } from '../../src/domain/dicom/tags';
import { READING_STATE_METADATA } from '../reading/reading-store-orthanc';
import { readingFieldsFromText, type ReadingFields } from '../worklist/reading-fields';
import { buildStudyFields, type StudyFields } from '../worklist/study-fields';
import { orthancGet, type PacsTransport } from './pacs-direct';
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { AiSummary } from '../../src/domain/study/index-row';
import { fetchStudySrDatasets } from '../../src/services/reading/review/fetch-study-srs';
import { storedAiSummary } from '../worklist/stored-ai-result';
import { type StudySrRows, studySrRows } from '../monitoring/rows';

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

/** Everything the index holds about one study, as read from the PACS. */
export interface IndexedStudy {
  fields: StudyFields;
  reading: ReadingFields;
  /** Its newest AI result SR (current builds first); null when none or no manifests given. */
  ai: AiSummary | null;
  srRows: StudySrRows;
}

export interface StudyReadOptions {
  manifests?: readonly ModelManifest[];
  /** The model key whose results win over older builds. */
  modelKey?: string;
}

/** One study's index content; null when the PACS no longer has it. */
export async function readIndexedStudy(
  pacs: { transport: PacsTransport; client: PacsClient },
  studyUid: string,
  orthancId: string,
  options: StudyReadOptions = {},
): Promise<IndexedStudy | null> {
  const { transport, client } = pacs;
  const [fields, reading, documents] = await Promise.all([
    readStudyFields(client, studyUid, orthancId),
    readReadingFields(transport, orthancId),
    fetchStudySrDatasets(client, studyUid),
  ]);
  if (!fields) return null;
  const manifests = options.manifests ?? [];
  const ai = manifests.length > 0 ? storedAiSummary(studyUid, documents, manifests, options.modelKey) : null;
  return { fields, reading, ai, srRows: studySrRows(studyUid, documents) };
}

/** Studies read at once: the PACS answers several requests in parallel, one at a time leaves it idle. */
export const STUDY_READS_IN_FLIGHT = 8;

/** `read` over `items`, at most `limit` at once; the answers keep the items' order. */
export async function readConcurrently<T, R>(items: readonly T[], read: (item: T) => Promise<R>, limit = STUDY_READS_IN_FLIGHT): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await read(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
