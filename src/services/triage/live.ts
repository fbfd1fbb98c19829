/**
 * Keeps the worklist's urgency and the shared reading states current: urgency is recomputed when
 * studies or AI results change (and every 30 s, as waiting adds points); reading states are polled
 * from the server every 2 s. New critical studies raise a desktop notification.
 */
import { useWorklist } from '../worklist/store';
import { aiResultsNow, onAiChange } from './ai-source';
import { notifyCritical } from './notify';
import { fetchReadingStates } from './reading-client';
import { useTriage } from './store';
import { criticalStudies, triageStudies } from '../../domain/triage/worklist-triage';

const AGING_REFRESH_MS = 30_000;
const READING_POLL_MS = 2_000;

let started = false;

/** Starts once, for the page's lifetime (the viewer's next/previous uses the same order). */
export function startTriage(): void {
  if (started) return;
  started = true;
  let critical: ReadonlySet<string> | null = null;

  const recompute = () => {
    const worklist = useWorklist.getState();
    // Index mode: urgency comes with the rows (server-computed, aged at query time).
    const triage = worklist.source === 'index' ? worklist.triage : triageStudies(worklist.studies, aiResultsNow(), Date.now());
    worklist.setTriage(triage);
    if (!worklist.loaded) return;
    const now = new Set(criticalStudies(triage.results, () => true));
    // What is critical once the first list is in is the starting point, not news.
    const fresh = critical ? [...now].filter((uid) => !critical!.has(uid)) : [];
    critical = now;
    if (fresh.length > 0) notifyCritical(fresh.length, { sound: useTriage.getState().sound, desktop: useTriage.getState().notify });
  };
  // AI results come study by study: one recomputation per burst of changes.
  let pending: ReturnType<typeof setTimeout> | null = null;
  const schedule = () => {
    pending ??= setTimeout(() => {
      pending = null;
      recompute();
    }, 0);
  };

  onAiChange(schedule);
  useWorklist.subscribe((state, previous) => state.studies !== previous.studies && schedule());
  setInterval(schedule, AGING_REFRESH_MS);
  recompute();

  void (async () => {
    let cursor: number | null = null;
    for (;;) {
      try {
        const snapshot = await fetchReadingStates(cursor);
        useTriage.getState().mergeReading(snapshot.states, snapshot.complete);
        cursor = snapshot.cursor;
      } catch {
        // A 401 (SignInRequired) has raised the sign-in dialog: polling resumes once the reader is back.
        cursor = null; // start over with a full list once the server answers again
      }
      await new Promise((resolve) => setTimeout(resolve, READING_POLL_MS));
    }
  })();
}
