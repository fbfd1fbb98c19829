/**
 * Reads what a worklist row needs about one study from the PACS: QIDO-RS at study level (index tags)
 * and series level (the image series' own tags), the shared reading state (metadata 1024) and its SRs
 * (the stored AI result, the monitoring rows), read once. The watcher and the reindex read a page of
 * studies together (readIndexedStudies) before their page's transaction.
 */
import { createHash } from 'node:crypto';
import { type DicomJson, getString } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { Tag } from '../../src/domain/dicom/tags';
import { READING_STATE_METADATA } from '../reading/reading-store-orthanc';
import { readingFieldsFromText, type ReadingFields } from '../worklist/reading-fields';
import { buildStudyFields, type StudyFields } from '../worklist/study-fields';
import { orthancGet, type PacsTransport } from './pacs-direct';
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { AiSummary } from '../../src/domain/study/index-row';
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

const STUDY_FIELDS = ['ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances', 'TimezoneOffsetFromUTC'];

/** QIDO may answer a UID twice when PatientIDs differ by trailing spaces: the one Orthanc named. */
function pickStudy(studies: DicomJson[], studyUid: string, orthancId?: string): DicomJson | undefined {
  return studies.find((s) => !orthancId || orthancStudyId(getString(s, Tag.PatientID), studyUid) === orthancId) ?? studies[0];
}

/** The study's row fields, or null when the PACS no longer has it. */
export async function readStudyFields(client: PacsClient, studyUid: string, orthancId?: string): Promise<StudyFields | null> {
  const [studies, series] = await Promise.all([
    client.searchStudies({ match: { StudyInstanceUID: studyUid }, includefield: STUDY_FIELDS }),
    client.searchSeries(studyUid, { includefield: SERIES_FIELDS }),
  ]);
  const study = pickStudy(studies, studyUid, orthancId);
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

/** A study to read: its UID and Orthanc's id. */
export interface StudyRef {
  studyUid: string;
  orthancId: string;
}

/** Study UIDs per QIDO request (they travel in the URL, ~65 characters each). */
export const UIDS_PER_QIDO = 50;

/**
 * Many studies' index content, null for a study the PACS no longer has. Per UIDS_PER_QIDO studies, one
 * QIDO at study level and one at series level (UID list matching: `StudyInstanceUID=uid1,uid2`), instead
 * of three QIDO requests per study; per study then only its reading state and the metadata of its SR
 * series (the series answer names them), several studies at once.
 */
export async function readIndexedStudies(
  pacs: { transport: PacsTransport; client: PacsClient },
  refs: readonly StudyRef[],
  options: StudyReadOptions = {},
): Promise<(IndexedStudy | null)[]> {
  const { transport, client } = pacs;
  const groups = Array.from({ length: Math.ceil(refs.length / UIDS_PER_QIDO) }, (_, i) => refs.slice(i * UIDS_PER_QIDO, (i + 1) * UIDS_PER_QIDO));
  const answers = await readConcurrently(groups, async (group) => {
    const match = { StudyInstanceUID: group.map((ref) => ref.studyUid).join(',') };
    const [studies, series] = await Promise.all([
      client.searchStudies({ match, includefield: STUDY_FIELDS }),
      client.searchAllSeries({ match, includefield: SERIES_FIELDS }),
    ]);
    return { studies, series };
  });
  const byStudy = (datasets: DicomJson[]) => {
    const groups = new Map<string, DicomJson[]>();
    for (const ds of datasets) {
      const uid = getString(ds, Tag.StudyInstanceUID);
      groups.set(uid, [...(groups.get(uid) ?? []), ds]);
    }
    return groups;
  };
  const studies = byStudy(answers.flatMap((answer) => answer.studies));
  const series = byStudy(answers.flatMap((answer) => answer.series));
  const manifests = options.manifests ?? [];
  return readConcurrently(refs, async ({ studyUid, orthancId }) => {
    const study = pickStudy(studies.get(studyUid) ?? [], studyUid, orthancId);
    if (!study) return null;
    const studySeries = series.get(studyUid) ?? [];
    const srSeries = studySeries.filter((s) => getString(s, Tag.Modality) === 'SR');
    const [reading, documents] = await Promise.all([
      readReadingFields(transport, orthancId),
      Promise.all(srSeries.map((s) => client.retrieveSeriesMetadata(studyUid, getString(s, Tag.SeriesInstanceUID)))).then((lists) => lists.flat()),
    ]);
    const fields = buildStudyFields(orthancId, study, studySeries);
    const ai = manifests.length > 0 ? storedAiSummary(studyUid, documents, manifests, options.modelKey) : null;
    return { fields, reading, ai, srRows: studySrRows(studyUid, documents) };
  });
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
