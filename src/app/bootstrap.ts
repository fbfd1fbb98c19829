/**
 * What runs for the whole signed-in session, started from one place once the reader is signed in
 * (App mounts inside SessionGate). Keep this a list of start*() calls; each starts once.
 */
import { startStudyCacheSync } from '../services/pacs/study-cache-sync';
import { startAiQueue } from '../services/triage/ai-queue';
import { startTriage } from '../services/triage/live';
import { startWorklistSync } from '../services/worklist/store';

export function bootstrap(): void {
  startWorklistSync();
  startStudyCacheSync();
  startTriage();
  startAiQueue();
}
