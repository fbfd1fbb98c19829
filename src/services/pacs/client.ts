/**
 * Typed DICOMweb client over fetch: QIDO-RS, WADO-RS (metadata, frames, instances), STOW-RS and
 * Orthanc's change feed. No DOM: runs in the page, in a Web Worker and in Node (pass absolute
 * roots and, for Node, auth headers). In the browser everything stays same-origin behind the
 * proxy, which holds the PACS credentials.
 */
import { DICOM_WEB_ROOT } from '../../domain/dicom/imageIds';
import { type DicomJson, getSequence, getString } from '../../domain/dicom/dicom-json';
import { errorForStatus, isAbortError, PacsResponseError, PacsUnreachableError } from '../../domain/dicom/errors';
import { boundaryOf, decodeMultipart, encodeMultipartRelated } from '../../domain/dicom/multipart';
import { parseChangesPage, type OrthancChangesPage } from './orthanc-changes';
import { type QidoQuery, qidoSearchParams } from '../../domain/dicom/qido';
import { Tag } from '../../domain/dicom/tags';

export interface PacsClientOptions {
  /** DICOMweb root; default the same-origin proxy '/dicom-web'. */
  dicomWebRoot?: string;
  /** Orthanc's REST root for its change feed and study lookup; default the same-origin proxy '/pacs'. */
  orthancRoot?: string;
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. Authorization for a Node-side service, the page's CSRF token). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Called on a 401: in the browser, the Dokuei server no longer knows the reader's session. */
  onUnauthorized?: () => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface StoredInstance {
  sopClassUID: string;
  sopInstanceUid: string;
  retrieveURL: string;
}

/** What GET /studies/{id} of Orthanc tells about a study. */
export interface OrthancStudy {
  studyInstanceUid: string;
  patientId: string;
  seriesIds: string[];
}

export interface StoreResult {
  stored: StoredInstance[];
  failed: { sopInstanceUid: string; reason: string }[];
}

const DICOM_JSON = 'application/dicom+json';
/** Polls say so: the Dokuei server does not count them as the reader's activity (idle timeout). */
export const BACKGROUND = { 'X-Dokuei-Activity': 'background' } as const;
const FRAMES_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const INSTANCE_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

function asDatasets(json: unknown, url: string): DicomJson[] {
  if (!Array.isArray(json)) throw new PacsResponseError(`${url} did not answer with a DICOM JSON array`);
  return json.filter((item): item is DicomJson => item !== null && typeof item === 'object' && !Array.isArray(item));
}

export { DICOM_WEB_ROOT };

export function createPacsClient(options: PacsClientOptions = {}) {
  const root = (options.dicomWebRoot ?? DICOM_WEB_ROOT).replace(/\/+$/, '');
  const orthancRoot = (options.orthancRoot ?? '/pacs').replace(/\/+$/, '');
  const changesUrl = `${orthancRoot}/changes`;
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const baseHeaders = typeof options.headers === 'function' ? options.headers : () => (options.headers ?? {}) as Record<string, string>;

  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFn(url, { ...init, headers: { ...baseHeaders(), ...(init.headers as Record<string, string>) } });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new PacsUnreachableError(`PACS unreachable (${url}): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!response.ok) {
      if (response.status === 401) options.onUnauthorized?.();
      throw errorForStatus(response.status, url, await response.text().catch(() => ''));
    }
    return response;
  }

  async function requestJson(url: string, init: RequestInit): Promise<unknown> {
    const response = await request(url, init);
    const text = await response.text();
    if (response.status === 204 || text.trim() === '') return [];
    try {
      return JSON.parse(text);
    } catch {
      throw new PacsResponseError(`${url} answered with invalid JSON`, response.status);
    }
  }

  async function getDatasets(path: string, query: QidoQuery | undefined, opts: RequestOptions): Promise<DicomJson[]> {
    const params = query ? qidoSearchParams(query).toString() : '';
    const url = `${root}${path}${params ? `?${params}` : ''}`;
    return asDatasets(await requestJson(url, { headers: { Accept: DICOM_JSON }, signal: opts.signal }), url);
  }

  async function getMultipart(url: string, accept: string, opts: RequestOptions): Promise<Uint8Array[]> {
    const response = await request(url, { headers: { Accept: accept }, signal: opts.signal });
    const boundary = boundaryOf(response.headers.get('content-type') ?? '');
    const body = new Uint8Array(await response.arrayBuffer());
    if (!boundary) throw new PacsResponseError(`${url} answered without a multipart boundary`, response.status);
    try {
      return decodeMultipart(body, boundary);
    } catch (error) {
      throw new PacsResponseError(`${url}: ${(error as Error).message}`, response.status);
    }
  }

  const enc = encodeURIComponent;

  async function fetchOrthancStudy(orthancStudyID: string, opts: RequestOptions): Promise<OrthancStudy> {
    const url = `${orthancRoot}/studies/${enc(orthancStudyID)}`;
    const json = (await requestJson(url, { headers: { Accept: 'application/json' }, signal: opts.signal })) as {
      MainDicomTags?: { StudyInstanceUID?: unknown };
      PatientMainDicomTags?: { PatientID?: unknown };
      Series?: unknown;
    } | null;
    const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
    return {
      studyInstanceUid: text(json?.MainDicomTags?.StudyInstanceUID),
      patientId: text(json?.PatientMainDicomTags?.PatientID),
      seriesIds: Array.isArray(json?.Series) ? json.Series.filter((id): id is string => typeof id === 'string') : [],
    };
  }

  return {
    dicomWebRoot: root,

    /** QIDO-RS studies; one request (use searchAllStudies for archives larger than one page). */
    searchStudies: (query: QidoQuery = {}, opts: RequestOptions = {}) => getDatasets('/studies', query, opts),

    searchSeries: (studyInstanceUid: string, query: QidoQuery = {}, opts: RequestOptions = {}) =>
      getDatasets(`/studies/${enc(studyInstanceUid)}/series`, query, opts),

    /** QIDO-RS series of any study (say, of several: match StudyInstanceUID "uid1,uid2"); one request. */
    searchAllSeries: (query: QidoQuery = {}, opts: RequestOptions = {}) => getDatasets('/series', query, opts),

    searchInstances: (studyInstanceUid: string, seriesInstanceUid?: string, query: QidoQuery = {}, opts: RequestOptions = {}) =>
      getDatasets(
        seriesInstanceUid ? `/studies/${enc(studyInstanceUid)}/series/${enc(seriesInstanceUid)}/instances` : `/studies/${enc(studyInstanceUid)}/instances`,
        query,
        opts,
      ),

    /** WADO-RS metadata of every instance of a series (BulkDataURIs point back through the proxy). */
    retrieveSeriesMetadata: (studyInstanceUid: string, seriesInstanceUid: string, opts: RequestOptions = {}) =>
      getDatasets(`/studies/${enc(studyInstanceUid)}/series/${enc(seriesInstanceUid)}/metadata`, undefined, opts),

    retrieveStudyMetadata: (studyInstanceUid: string, opts: RequestOptions = {}) => getDatasets(`/studies/${enc(studyInstanceUid)}/metadata`, undefined, opts),

    /** WADO-RS frames (1-based numbers) in their stored transfer syntax, one byte array per frame. */
    retrieveFrames: (studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, frameNumbers: readonly number[], opts: RequestOptions = {}) =>
      getMultipart(
        `${root}/studies/${enc(studyInstanceUid)}/series/${enc(seriesInstanceUid)}/instances/${enc(sopInstanceUid)}/frames/${frameNumbers.join(',')}`,
        FRAMES_ACCEPT,
        opts,
      ),

    /** WADO-RS of one whole instance as a Part 10 file. */
    retrieveInstance: async (studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, opts: RequestOptions = {}): Promise<Uint8Array> => {
      const url = `${root}/studies/${enc(studyInstanceUid)}/series/${enc(seriesInstanceUid)}/instances/${enc(sopInstanceUid)}`;
      const [part] = await getMultipart(url, INSTANCE_ACCEPT, opts);
      if (!part) throw new PacsResponseError(`${url} answered with no instance`);
      return part;
    },

    /** STOW-RS of Part 10 files; per-instance failures are reported, not thrown. */
    storeInstances: async (parts: readonly Uint8Array[], opts: RequestOptions = {}): Promise<StoreResult> => {
      const { contentType, body } = encodeMultipartRelated(parts, 'application/dicom');
      const url = `${root}/studies`;
      const json = await requestJson(url, {
        method: 'POST',
        headers: { Accept: DICOM_JSON, 'Content-Type': contentType },
        body,
        signal: opts.signal,
      });
      const response = (Array.isArray(json) ? json[0] : json) as DicomJson | undefined;
      return {
        stored: getSequence(response, Tag.ReferencedSOPSequence).map((item) => ({
          sopClassUID: getString(item, Tag.ReferencedSOPClassUID),
          sopInstanceUid: getString(item, Tag.ReferencedSOPInstanceUID),
          retrieveURL: getString(item, Tag.RetrieveURL),
        })),
        failed: getSequence(response, Tag.FailedSOPSequence).map((item) => ({
          sopInstanceUid: getString(item, Tag.ReferencedSOPInstanceUID),
          reason: getString(item, Tag.FailureReason),
        })),
      };
    },

    /** Orthanc change feed after sequence number `since`. */
    fetchChanges: async (since: number, limit = 100, opts: RequestOptions = {}): Promise<OrthancChangesPage> =>
      parseChangesPage(await requestJson(`${changesUrl}?since=${since}&limit=${limit}`, { headers: BACKGROUND, signal: opts.signal })),

    /**
     * An Orthanc study by id (as the change feed names studies), via GET {orthancRoot}/studies/{id}:
     * its StudyInstanceUID and PatientID ('' when Orthanc does not state them) and its series' Orthanc ids.
     */
    fetchOrthancStudy: (orthancStudyID: string, opts: RequestOptions = {}) => fetchOrthancStudy(orthancStudyID, opts),

    /** StudyInstanceUID of an Orthanc study id; '' when Orthanc does not state it. */
    fetchOrthancStudyUID: async (orthancStudyID: string, opts: RequestOptions = {}): Promise<string> =>
      (await fetchOrthancStudy(orthancStudyID, opts)).studyInstanceUid,

    /** Sequence number of the newest change: where a fresh listener starts. */
    fetchLastChangeSeq: async (opts: RequestOptions = {}): Promise<number> =>
      parseChangesPage(await requestJson(`${changesUrl}?last`, { headers: BACKGROUND, signal: opts.signal })).last,
  };
}

export type PacsClient = ReturnType<typeof createPacsClient>;
