/**
 * The session's loops besides the worklist's own source (src/app/bootstrap.ts starts them). A chunk of
 * its own: the AI queue brings the AI engine and its DICOM SR reader (dcmjs), which the worklist's first
 * rows need not wait for.
 */
import { startStudyCacheSync } from '../services/pacs/study-cache-sync';
import { startAiQueue } from '../services/triage/ai-queue';
import { startTriage } from '../services/triage/live';

export function startSessionLoops(): void {
  startStudyCacheSync();
  startTriage();
  startAiQueue();
}
