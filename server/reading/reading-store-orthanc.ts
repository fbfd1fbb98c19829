/**
 * Reading states kept in Orthanc study metadata, read and written by the Dokuei server only.
 * Writes carry If-Match with the revision read (Orthanc `CheckRevisions: true`), so a concurrent
 * change makes Orthanc answer 409 instead of losing one of the two writes.
 */
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';

/** User-defined metadata index (>= 1024); Orthanc's `UserMetadata` may give it a name. */
export const READING_STATE_METADATA = '1024';

export interface StoredState {
  text: string | null;
  /** Orthanc revision tag; null when the metadata does not exist yet. */
  etag: string | null;
}

export class OrthancError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadingStore {
  /** Orthanc study id of a StudyInstanceUID, or null when the PACS does not have it. */
  studyId(studyUID: string): Promise<string | null>;
  read(studyId: string): Promise<StoredState>;
  /** False when the revision changed meanwhile (409): read again and retry. */
  write(studyId: string, text: string, etag: string | null): Promise<boolean>;
  lastChange(): Promise<number>;
  /**
   * Metadata changes after `since`, up to `limit` changes: Orthanc study ids (`last` below `since` =
   * PACS reset), and `first`, the sequence number of the page's first change (null when none).
   */
  changedStudies(since: number, limit?: number): Promise<{ ids: string[]; first: number | null; last: number; done: boolean }>;
  /** Every study: Orthanc id → StudyInstanceUID (the fallback when the change log was cleared). */
  allStudies(): Promise<Map<string, string>>;
  studyUID(studyId: string): Promise<string | null>;
}

export function orthancReadingStore(config: PacsConfig): ReadingStore {
  const auth = basicAuthHeader(config);
  const call = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (auth) headers.set('Authorization', auth);
    return fetch(`${config.url}${path}`, { ...init, headers, signal: AbortSignal.timeout(10_000) });
  };
  const ok = async (response: Response) => {
    if (!response.ok) throw new OrthancError(response.status, `PACS answered ${response.status} to ${response.url}`);
    return response;
  };
  const metadataPath = (id: string) => `/studies/${encodeURIComponent(id)}/metadata/${READING_STATE_METADATA}`;

  return {
    async studyId(studyUID) {
      const found = (await (await ok(await call('/tools/lookup', { method: 'POST', body: studyUID }))).json()) as { Type: string; ID: string }[];
      return found.find((r) => r.Type === 'Study')?.ID ?? null;
    },
    async read(id) {
      const response = await call(metadataPath(id));
      if (response.status === 404) return { text: null, etag: null };
      await ok(response);
      return { text: await response.text(), etag: response.headers.get('etag') };
    },
    async write(id, text, etag) {
      const response = await call(metadataPath(id), { method: 'PUT', body: text, headers: etag ? { 'If-Match': etag } : {} });
      if (response.status === 409) return false;
      await ok(response);
      return true;
    },
    async lastChange() {
      return ((await (await ok(await call('/changes?last'))).json()) as { Last: number }).Last;
    },
    async changedStudies(since, limit = 1000) {
      const page = (await (await ok(await call(`/changes?since=${since}&limit=${limit}`))).json()) as {
        Changes: { Seq: number; ChangeType: string; ResourceType: string; ID: string }[];
        Last: number;
        Done: boolean;
      };
      const ids = page.Changes.filter((c) => c.ResourceType === 'Study' && c.ChangeType === 'UpdatedMetadata').map((c) => c.ID);
      return { ids: [...new Set(ids)], first: page.Changes[0]?.Seq ?? null, last: page.Last, done: page.Done };
    },
    async allStudies() {
      const studies = (await (await ok(await call('/studies?expand'))).json()) as { ID: string; MainDicomTags: { StudyInstanceUID?: string } }[];
      return new Map(studies.flatMap((s) => (s.MainDicomTags.StudyInstanceUID ? [[s.ID, s.MainDicomTags.StudyInstanceUID] as const] : [])));
    },
    async studyUID(id) {
      const response = await call(`/studies/${encodeURIComponent(id)}`);
      if (response.status === 404) return null;
      return ((await (await ok(response)).json()) as { MainDicomTags: { StudyInstanceUID?: string } }).MainDicomTags.StudyInstanceUID ?? null;
    },
  };
}
