/**
 * What runs for the whole signed-in session, started from one place once the reader is signed in
 * (App mounts inside SessionGate): the worklist's source, then the other loops (./session-loops).
 */
import { useRouter } from '../services/router/router-store';
import { startWorklistSync, whenWorklistSettled } from '../services/worklist/store';

/** A hidden page paints no frame: the loops start after this long anyway. */
const HIDDEN_PAGE_WAIT_MS = 200;

export function bootstrap(): void {
  startWorklistSync();
  // On the worklist its first rows come first: the other loops (their requests, the triage's first
  // recomputation) held the first page's rows for ~150 ms on the bench machine when they started beside it.
  if (useRouter.getState().route.name === 'worklist') whenWorklistSettled(() => afterNextPaint(startSessionLoops));
  else startSessionLoops();
}

function startSessionLoops(): void {
  import('./session-loops')
    .then((loops) => loops.startSessionLoops())
    .catch((error: unknown) => console.error('Dokuei: the session loops (triage, AI queue, study cache) did not load', error));
}

/** Runs `then` once the frame after now has painted (or after HIDDEN_PAGE_WAIT_MS, whichever is first). */
function afterNextPaint(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, HIDDEN_PAGE_WAIT_MS);
}
