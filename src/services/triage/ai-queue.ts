/**
 * Feeds the browser's AI queue from the worklist. QIDO mode: every listed study. Index mode: only
 * studies the index has no AI result for yet (the server's workers are the rule, the browser the
 * fallback; the result SR it stores is indexed by the server's watcher).
 */
import { enqueueStudies } from '../inference/engine';
import { useWorklist, type WorklistState } from '../worklist/store';

let started = false;

function waiting(state: WorklistState) {
  if (state.source !== 'index') return state.studies;
  return state.studies.filter((study) => (state.indexAi.get(study.studyInstanceUid)?.status ?? 'pending') === 'pending');
}

export function startAiQueue(): void {
  if (started) return;
  started = true;
  enqueueStudies(waiting(useWorklist.getState()));
  useWorklist.subscribe((state, previous) => {
    if (state.studies !== previous.studies || state.indexAi !== previous.indexAi) enqueueStudies(waiting(state));
  });
}
