import { useInference } from '../../services/inference/store';
import { useWorklist } from '../../services/worklist/store';
import { aiCellWords } from '../../domain/ai/result/cell-words';

const NEW_SUFFIX = ' new since prior';

/** Labels the urgency rules found new since the prior ("effusion new since prior (0.30 → 0.82)"). */
function newLabelsKey(reasons: readonly { kind: string; text: string }[] | undefined): string {
  return (reasons ?? [])
    .filter((r) => r.kind === 'new-since-prior' && r.text.includes(NEW_SUFFIX))
    .map((r) => r.text.slice(0, r.text.indexOf(NEW_SUFFIX)))
    .join('\n');
}

/** The worklist's AI column for one study, live, in words. */
export function AiStatusCell({ studyInstanceUid }: { studyInstanceUid: string }) {
  const status = useInference((s) => s.studies[studyInstanceUid]);
  // A string selector: the cell re-renders only when the set of new labels changes.
  const fresh = useWorklist((s) => newLabelsKey(s.triage.results.get(studyInstanceUid)?.reasons));
  const words = aiCellWords(status, new Set(fresh ? fresh.split('\n') : []));
  return (
    <span className={`ai-cell ai-cell-${words.tone}`} data-ai-phase={status?.phase ?? 'idle'} title={words.title}>
      {words.text}
    </span>
  );
}
