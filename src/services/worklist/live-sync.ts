/**
 * Keeps the study list current. A full walk of the archive first; then Orthanc's change feed,
 * polled every second: a study it names is looked up (Orthanc id → StudyInstanceUID) and
 * fetched alone by QIDO, so a new study shows within seconds even in a 10,000-study archive;
 * a deletion, a PACS reset, or a study that cannot be looked up triggers a new full walk.
 * Without a change feed (another PACS), the archive is walked again on a slower timer.
 * Failures back off and retry; the caller keeps showing the last good list. Framework-free.
 */
import type { DicomJson } from '../../domain/dicom/dicom-json';
import { dedupeStudies, searchAllStudies } from '../pacs/study-harvest';
import type { OrthancChange } from '../pacs/orthanc-changes';
import { PacsHttpError, PacsResponseError } from '../../domain/dicom/errors';
import type { PacsClient } from '../pacs/client';
import type { QidoQuery } from '../../domain/dicom/qido';
import { retryDelayMs } from './faults';

export type SyncMode = 'changes' | 'polling';

export interface LiveSyncCallbacks {
  /** The complete list: studies absent from it are gone. */
  onSnapshot(datasets: DicomJson[], mode: SyncMode): void;
  /** Some studies added or changed, some gone; the rest unchanged. */
  onUpdate(datasets: DicomJson[], goneUIDs: string[]): void;
  onHealthy(mode: SyncMode): void;
  onFailure(error: unknown, attempt: number, retryInMs: number): void;
}

export interface LiveSyncOptions {
  client: Pick<PacsClient, 'searchStudies' | 'fetchChanges' | 'fetchLastChangeSeq' | 'fetchOrthancStudyUID'>;
  query: QidoQuery;
  firstPageSize?: number;
  maxPageSize?: number;
  /** QIDO pages in flight at once during a full walk. */
  concurrency?: number;
  changesPollMs?: number;
  fallbackPollMs?: number;
}

export interface LiveSync {
  stop(): void;
  /** Skip the current wait (retry button). */
  wakeUp(): void;
}

export interface ChangePlan {
  /** Orthanc ids of studies to fetch again. */
  studyIDs: string[];
  /** Something only a full walk can account for (a deletion). */
  fullWalk: boolean;
}

/**
 * What a batch of changes asks for. Study-level events suffice for additions: Orthanc emits
 * NewStudy with the first instance and StableStudy once the study is complete (new instances
 * in a known study update its counts then). Job and attachment/metadata events change nothing
 * QIDO shows.
 */
export function planChanges(changes: readonly OrthancChange[]): ChangePlan {
  const studyIDs = new Set<string>();
  let fullWalk = false;
  for (const change of changes) {
    if (change.changeType === 'Deleted') fullWalk = true;
    else if (change.resourceType === 'Study' && !/^(Job|Updated)/.test(change.changeType)) studyIDs.add(change.id);
  }
  return { studyIDs: [...studyIDs], fullWalk };
}

/** The lookup route is missing (not proxied: an HTML page, or refused): stop using it. */
function lookupUnavailable(error: unknown): boolean {
  return error instanceof PacsResponseError || (error instanceof PacsHttpError && error.status !== 404 && (error.status ?? 0) < 500);
}

export function startLiveSync(options: LiveSyncOptions, callbacks: LiveSyncCallbacks): LiveSync {
  const { client, query, firstPageSize, maxPageSize, concurrency, changesPollMs = 1000, fallbackPollMs = 5000 } = options;
  const abort = new AbortController();
  const signal = abort.signal;
  let wake: () => void = () => {};
  let canLookUp = true;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = () => {};
        resolve();
      }
      wake = done;
    });

  /** Latest change sequence number, or null when the PACS has no Orthanc change feed. */
  const changeCursor = async (): Promise<number | null> => {
    try {
      return await client.fetchLastChangeSeq({ signal });
    } catch (error) {
      if ((error instanceof PacsHttpError && (error.status === 404 || error.status === 405)) || error instanceof PacsResponseError) return null;
      throw error;
    }
  };

  /** Fetches the named studies alone; false when a full walk is needed instead. */
  const refreshStudies = async (orthancStudyIDs: string[]): Promise<boolean> => {
    if (orthancStudyIDs.length === 0) return true;
    if (!canLookUp) return false;
    for (const id of orthancStudyIDs) {
      let uid: string;
      try {
        uid = await client.fetchOrthancStudyUID(id, { signal });
      } catch (error) {
        if (lookupUnavailable(error)) canLookUp = false;
        else if (!(error instanceof PacsHttpError && error.status === 404)) throw error;
        return false;
      }
      if (!uid) return false;
      const datasets = await client.searchStudies({ ...query, match: { ...query.match, StudyInstanceUID: uid } }, { signal });
      callbacks.onUpdate(dedupeStudies(datasets), datasets.length === 0 ? [uid] : []);
    }
    return true;
  };

  const run = async () => {
    let since: number | null = null;
    let needWalk = true;
    let failures = 0;
    while (!signal.aborted) {
      try {
        let moreChanges = false;
        if (needWalk) {
          // Cursor first (asked for before the walk, not awaited, so the first page is not delayed):
          // what changes during the walk is replayed from the feed afterwards.
          const cursor = changeCursor();
          cursor.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
          const datasets = await searchAllStudies(client.searchStudies, query, {
            firstPageSize,
            maxPageSize,
            concurrency,
            signal,
            onPage: (page) => callbacks.onUpdate(dedupeStudies(page), []),
          });
          since = await cursor;
          callbacks.onSnapshot(datasets, since === null ? 'polling' : 'changes');
          needWalk = since === null;
        } else if (since !== null) {
          const page = await client.fetchChanges(since, 500, { signal });
          // Last below our cursor: the PACS was reset (new database); start over.
          const plan = planChanges(page.changes);
          needWalk = page.last < since || plan.fullWalk || !(await refreshStudies(plan.studyIDs));
          moreChanges = !page.done;
          since = page.last;
        }
        failures = 0;
        callbacks.onHealthy(since === null ? 'polling' : 'changes');
        const walkNow = needWalk && since !== null;
        if (!walkNow && !moreChanges) await sleep(since === null ? fallbackPollMs : changesPollMs);
      } catch (error) {
        if (signal.aborted) return;
        failures++;
        needWalk = true;
        const delay = retryDelayMs(failures);
        callbacks.onFailure(error, failures, delay);
        await sleep(delay);
      }
    }
  };
  void run();

  return {
    stop() {
      abort.abort();
      wake();
    },
    wakeUp: () => wake(),
  };
}
