/**
 * Keeps the study cache true to the PACS: follows Orthanc's change feed and, when a study the cache
 * holds gained a series (an SR or SEG stored by a worker or another reader, a late acquisition) or
 * was deleted, drops that study's entries (`invalidate`): the next read is fresh, and the cache's
 * `invalidated` event (reason 'changed') tells the open study's panels to read again. A new study
 * of a patient drops the patient's study lists. The app starts one in study-cache-sync.ts.
 *
 * What the feed says, measured on Orthanc 1.10: a new instance in an existing study logs only
 * NewInstance and NewSeries (Orthanc ids of the instance and series, which no allowed route maps to
 * a study), then StableStudy once the study is quiet for `StableAge` seconds. So StableStudy (and
 * NewStudy, Deleted) is the signal, and `GET /pacs/studies/{id}` says which study and how many series
 * it has now. The study is dropped only when that count differs from the held series list: a
 * StableStudy that follows a store the cache already read (the study opened after it) costs no
 * re-read. Not seen: an instance added to a series already held, a series or instance deleted inside
 * a study (Orthanc names only the deleted resource), a study deleted before it was ever looked up.
 *
 * When to read the feed: on each push of the server's event stream (`pushed`: the watcher's re-read at
 * StableStudy, a deletion, change the study's index row), which names no series count, so the feed is read
 * then; the stream's reconnection pushes too (catch up). Without a stream (a server without a database) the
 * feed is polled every `pollMs`. Failures retry with backoff.
 */
import type { OrthancChange } from './orthanc-changes';
import type { PacsClient } from './client';
import { PacsHttpError } from '../../domain/dicom/errors';
import type { StudyCache } from './study-cache';

export interface StudyChange {
  /** Orthanc's study id. */
  id: string;
  deleted: boolean;
  /** The study is new (its patient's study lists changed). */
  added: boolean;
}

/** The studies a batch of changes names at study level, each once, in feed order. */
export function changedStudies(changes: readonly OrthancChange[]): StudyChange[] {
  const byId = new Map<string, StudyChange>();
  for (const { resourceType, changeType, id } of changes) {
    if (resourceType !== 'Study' || !['NewStudy', 'StableStudy', 'Deleted'].includes(changeType)) continue;
    const seen = byId.get(id) ?? { id, deleted: false, added: false };
    byId.set(id, { id, deleted: seen.deleted || changeType === 'Deleted', added: seen.added || changeType === 'NewStudy' });
  }
  return [...byId.values()];
}

export interface StudyChangeOptions {
  client: Pick<PacsClient, 'fetchChanges' | 'fetchLastChangeSeq' | 'fetchOrthancStudy'>;
  cache: Pick<StudyCache, 'invalidate' | 'studies' | 'heldSeries'>;
  pollMs?: number;
  /** Upper bound of the wait after failures (doubling from `pollMs`). */
  maxBackoffMs?: number;
  /** Subscribes to the server's pushes (returns unsubscribe): the feed is then read on each, not polled. */
  pushed?: (listener: () => void) => () => void;
}

/** Orthanc ids remembered beyond this are forgotten oldest first (looked up again if they change again). */
const MAX_KNOWN_IDS = 5_000;

/** Starts following the feed from its newest change; returns stop. */
export function followStudyChanges({ client, cache, pollMs = 2_000, maxBackoffMs = 30_000, pushed }: StudyChangeOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let ticking = false;
  let again = false;
  let since: number | null = null;
  let failures = 0;
  /** Orthanc id → StudyInstanceUID, as looked up: a study not held is then skipped without asking. */
  const uidOf = new Map<string, string>();
  const remember = (id: string, uid: string) => {
    uidOf.set(id, uid);
    if (uidOf.size > MAX_KNOWN_IDS) uidOf.delete(uidOf.keys().next().value as string);
  };
  const held = (uid: string) => cache.studies().includes(uid);

  /** True when the held series list has another number of series than the PACS has now (or none to compare). */
  async function seriesChanged(uid: string, seriesNow: number): Promise<boolean> {
    const series = await cache.heldSeries(uid)?.catch(() => undefined);
    return series?.length !== seriesNow;
  }

  async function apply({ id, deleted, added }: StudyChange): Promise<void> {
    const known = uidOf.get(id);
    if (deleted) {
      if (known) cache.invalidate(known);
      return;
    }
    if (known !== undefined && !held(known) && !added) return;
    let study;
    try {
      study = await client.fetchOrthancStudy(id);
    } catch (error) {
      if (error instanceof PacsHttpError && error.status === 404) return; // deleted since
      throw error;
    }
    const uid = study.studyInstanceUid;
    if (!uid) return;
    remember(id, uid);
    if (held(uid) ? await seriesChanged(uid, study.seriesIds.length) : added) cache.invalidate(uid, study.patientId || undefined);
  }

  async function poll(): Promise<void> {
    if (since === null) {
      since = await client.fetchLastChangeSeq();
      return;
    }
    for (;;) {
      const page = await client.fetchChanges(since, 200);
      if (page.last < since) {
        // A new PACS database: nothing held can be trusted.
        for (const uid of cache.studies()) cache.invalidate(uid);
      } else if (cache.studies().length > 0) {
        for (const change of changedStudies(page.changes)) await apply(change);
      }
      since = page.last;
      if (page.done || stopped) return;
    }
  }

  async function tick(): Promise<void> {
    if (ticking) {
      again = true; // pushed during a read: read once more after it
      return;
    }
    ticking = true;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      await poll();
      failures = 0;
    } catch {
      failures++; // the PACS is down: the cursor stays, the changes are read once it answers
    }
    ticking = false;
    if (stopped) return;
    if (again) {
      again = false;
      return tick();
    }
    if (!pushed || failures > 0) timer = setTimeout(() => void tick(), Math.min(maxBackoffMs, pollMs * 2 ** failures));
  }

  const unsubscribe = pushed?.(() => void tick());
  void tick();
  return () => {
    stopped = true;
    unsubscribe?.();
    if (timer) clearTimeout(timer);
  };
}
