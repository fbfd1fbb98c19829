/**
 * Keeps the worklist's urgency and the shared reading states current: urgency is recomputed when
 * studies or AI results change (and every 30 s, as waiting adds points); reading states are read
 * when the server's event stream says a study changed (and after a reconnection, to catch up), or
 * polled every 10 s from a server without a database. New critical studies raise a desktop notification.
 */
import { useWorklist, whenWorklistSource } from '../worklist/store';
import { onIndexChange } from '../worklist/index-events';
import { retryDelayMs } from '../worklist/faults';
import { aiResultsNow, onAiChange } from './ai-source';
import { notifyCritical } from './notify';
import { fetchReadingStates } from './reading-client';
import { useTriage } from './store';
import { criticalStudies, triageStudies } from '../../domain/triage/worklist-triage';

const AGING_REFRESH_MS = 30_000;
/** Reading states without an event stream (no database on the server). */
const READING_FALLBACK_POLL_MS = 10_000;

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

  whenWorklistSource((source) => followReadingStates(source === 'index'));
}

/** Reads the reading states: on each pushed change (`pushed`) or every READING_FALLBACK_POLL_MS; failures retry with backoff. */
function followReadingStates(pushed: boolean): void {
  let cursor: number | null = null;
  let failures = 0;
  let reading: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const later = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(read, ms);
  };
  function read(): void {
    if (reading) {
      again = true; // a change arrived during the read: read once more after it
      return;
    }
    reading = (async () => {
      try {
        const snapshot = await fetchReadingStates(cursor);
        useTriage.getState().mergeReading(snapshot.states, snapshot.complete);
        cursor = snapshot.cursor;
        failures = 0;
        if (!pushed) later(READING_FALLBACK_POLL_MS);
      } catch {
        // A 401 (SignInRequired) has raised the sign-in dialog; start over with a full list once the server answers.
        cursor = null;
        later(retryDelayMs(++failures));
      }
    })().finally(() => {
      reading = null;
      if (again) {
        again = false;
        read();
      }
    });
  }
  if (pushed) onIndexChange(read);
  read();
}
