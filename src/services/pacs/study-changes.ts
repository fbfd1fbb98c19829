/**
 * Keeps the study cache true to the PACS: follows Orthanc's change feed and, when an instance
 * arrives in a study the cache holds (a new series, an SR stored by a worker or another reader) or
 * the study is deleted, drops that study's entries (`invalidate`): the next read is fresh, and the
 * cache's `invalidated` event (reason 'changed') tells the open study's panels to read again.
 * The app starts one for its client in study-cache-sync.ts.
 *
 * Why the change feed and not the worklist's event stream: the index announces every change of its
 * row (a claim, an AI summary, the watcher's re-read at StableStudy) with no word on what changed, so
 * it cannot tell a new instance from a claim; re-reading on each would fetch the open study again
 * for nothing. Orthanc logs `NewChildInstance` for the study of every new instance, at once.
 * Orthanc study ids are turned into StudyInstanceUIDs by one lookup each (remembered), and only
 * while the cache holds studies. Not seen: a series or instance deleted inside a study (Orthanc
 * names only the deleted resource), nor a deleted study whose id was never looked up (the lookup of
 * a deleted study fails). Changes made while the PACS was unreachable are read from the cursor once
 * it answers again.
 */
import type { OrthancChange } from './orthanc-changes';
import type { PacsClient } from './client';
import { PacsHttpError } from '../../domain/dicom/errors';
import type { StudyCache } from './study-cache';

/** Study-level changes that alter what the cache holds of the study. */
const STUDY_CHANGES = new Set(['NewStudy', 'NewChildInstance', 'Deleted']);

/** Orthanc ids of the studies whose content changed, each once, in feed order. */
export function changedStudyIds(changes: readonly OrthancChange[]): string[] {
  const ids = changes.filter((c) => c.resourceType === 'Study' && STUDY_CHANGES.has(c.changeType)).map((c) => c.id);
  return [...new Set(ids)];
}

export interface StudyChangeOptions {
  client: Pick<PacsClient, 'fetchChanges' | 'fetchLastChangeSeq' | 'fetchOrthancStudyUID'>;
  cache: Pick<StudyCache, 'invalidate' | 'studies'>;
  pollMs?: number;
  /** Upper bound of the wait after failures (doubling from `pollMs`). */
  maxBackoffMs?: number;
}

/** Orthanc ids remembered beyond this are forgotten oldest first (looked up again if they change again). */
const MAX_KNOWN_IDS = 5_000;

/** Starts following the feed from its newest change; returns stop. */
export function followStudyChanges({ client, cache, pollMs = 2_000, maxBackoffMs = 30_000 }: StudyChangeOptions): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let since: number | null = null;
  let failures = 0;
  const uidOf = new Map<string, string>();

  async function studyUid(orthancId: string): Promise<string | null> {
    const known = uidOf.get(orthancId);
    if (known !== undefined) return known;
    try {
      const uid = await client.fetchOrthancStudyUID(orthancId);
      uidOf.set(orthancId, uid);
      if (uidOf.size > MAX_KNOWN_IDS) uidOf.delete(uidOf.keys().next().value as string);
      return uid;
    } catch (error) {
      if (error instanceof PacsHttpError && error.status === 404) return null; // deleted before we asked: never cached through us
      throw error;
    }
  }

  async function apply(changes: readonly OrthancChange[]): Promise<void> {
    const ids = changedStudyIds(changes);
    if (ids.length === 0 || cache.studies().length === 0) return;
    for (const id of ids) {
      const uid = await studyUid(id);
      if (uid && cache.studies().includes(uid)) cache.invalidate(uid);
    }
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
      } else {
        await apply(page.changes);
      }
      since = page.last;
      if (page.done || stopped) return;
    }
  }

  async function tick(): Promise<void> {
    try {
      await poll();
      failures = 0;
    } catch {
      failures++; // the PACS is down: the cursor stays, the changes are read once it answers
    }
    if (!stopped) timer = setTimeout(() => void tick(), Math.min(maxBackoffMs, pollMs * 2 ** failures));
  }

  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
