import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SessionGate } from '../ui/session/SessionGate';
import { useRouter } from '../services/router/router-store';
import { App } from './App';
import { APP_STARTED_MARK } from './app-gate';
import { openStudy } from './open-study';
import { probablySignedIn } from '../services/session/signed-in-hint';
import { useSession } from '../services/session/session-store';
import { startWorklistSync } from '../services/worklist/store';
import './app.css';

performance.mark(APP_STARTED_MARK);

// A /study/ link in a browser that had a session: the study's queries go out beside the session check,
// not after it (issue #17: it cost ~250 ms of the first image). The server answers them for a signed-in
// reader only; a load refused because the session ended is started again by App once the reader is in.
const { route } = useRouter.getState();
if (route.name === 'study' && probablySignedIn()) openStudy(route.studyInstanceUid);

// Asked before the first render, not from an effect after it: on `/` its answer is preloaded, and the
// first render is then already the signed-in app rather than "Connecting…" (one render and frame less).
// A signed-in reader's worklist takes its preloaded first page at once too, not from App's effect, which
// React runs after the first paint (App's bootstrap starts it for a reader who signs in with the form).
void useSession
  .getState()
  .load()
  .then(() => {
    if (useSession.getState().status === 'signed-in') startWorklistSync();
  });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionGate>
      <App />
    </SessionGate>
  </StrictMode>,
);
