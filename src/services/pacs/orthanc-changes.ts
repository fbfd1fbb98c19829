/** Orthanc's change feed (GET /changes, proxied same-origin at /pacs/changes): shapes and parsing. */
import { PacsResponseError } from '../../domain/dicom/errors';

export interface OrthancChange {
  seq: number;
  /** e.g. NewInstance, NewSeries, NewStudy, StableStudy, Deleted, NewPatient. */
  changeType: string;
  /** Patient, Study, Series or Instance. */
  resourceType: string;
  /** Orthanc's internal resource id (not a DICOM UID). */
  id: string;
  date: string;
}

export interface OrthancChangesPage {
  changes: OrthancChange[];
  /** False when more changes wait after `last`. */
  done: boolean;
  /** Sequence number to pass as `since` next time. */
  last: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function parseChangesPage(json: unknown): OrthancChangesPage {
  if (!isRecord(json) || !Array.isArray(json.Changes) || typeof json.Last !== 'number') {
    throw new PacsResponseError('Orthanc /changes answered with an unexpected shape');
  }
  const changes = json.Changes.filter(isRecord).map((change): OrthancChange => ({
    seq: typeof change.Seq === 'number' ? change.Seq : -1,
    changeType: String(change.ChangeType ?? ''),
    resourceType: String(change.ResourceType ?? ''),
    id: String(change.ID ?? ''),
    date: String(change.Date ?? ''),
  }));
  return { changes, done: json.Done !== false, last: json.Last };
}
