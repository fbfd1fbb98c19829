/**
 * Where the worklist's urgency gets AI results: the in-browser AI engine's store (src/services/inference),
 * which already holds results read back from AI result SRs in the PACS as well as computed ones.
 */
import { useInference } from '../inference/store';
import { triageAiInput } from '../../domain/triage/urgency-input';
import type { TriageAiInput } from '../../domain/triage/types';

export function aiResultsNow(): (uid: string) => TriageAiInput | null {
  const { studies, manifests } = useInference.getState();
  return (uid) => triageAiInput(studies[uid], manifests ?? []);
}

/** Calls `listener` whenever a study's AI status or the loaded models change. */
export function onAiChange(listener: () => void): () => void {
  return useInference.subscribe((state, previous) => {
    if (state.studies !== previous.studies || state.manifests !== previous.manifests) listener();
  });
}
