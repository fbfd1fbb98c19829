/**
 * The page's one stream of the server's index events (GET /api/worklist/events, SSE fed by LISTEN/NOTIFY),
 * shared by everything that follows the server: the worklist's rows, the reading states (triage/live.ts), the
 * study cache (pacs/study-cache-sync.ts). Opened with the first subscriber, closed with the last. A listener
 * gets the changed study's UID, or '*' after a reconnection (catch up: what changed meanwhile was not heard).
 */
import { openWorklistEvents, WORKLIST_ROOT } from './index-client';

export type IndexChangeListener = (studyUid: string) => void;

const listeners = new Set<IndexChangeListener>();
let close: (() => void) | null = null;

export function onIndexChange(listener: IndexChangeListener): () => void {
  listeners.add(listener);
  close ??= openWorklistEvents(`${WORKLIST_ROOT}/events`, {
    onChange: (studyUid) => {
      for (const each of [...listeners]) each(studyUid);
    },
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      close?.();
      close = null;
    }
  };
}
