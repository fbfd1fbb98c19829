import { AiStatusCell } from '../inference/AiStatusCell';
import { useWorklist } from '../../services/worklist/store';

/**
 * The AI column. Index mode: the row's AI summary in words (the server's result); a study still
 * pending there shows the browser's own (fallback) AI progress. QIDO mode: the browser's AI.
 */
export function IndexAiCell({ studyInstanceUid }: { studyInstanceUid: string }) {
  const ai = useWorklist((s) => s.indexAi.get(studyInstanceUid));
  if (!ai || ai.status === 'pending') return <AiStatusCell studyInstanceUid={studyInstanceUid} />;
  return (
    <span data-ai-phase={ai.status} data-ai-source="index" title={ai.title}>
      {ai.text}
    </span>
  );
}
