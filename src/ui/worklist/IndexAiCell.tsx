import { AiStatusCell } from '../inference/AiStatusCell';
import { useWorklist } from '../../services/worklist/store';
import { AiHistoryTip } from './AiHistoryTip';

/**
 * The AI column. Index mode: the row's AI summary in words (the server's result); a study still
 * pending there shows the browser's own (fallback) AI progress. QIDO mode: the browser's AI.
 * Resting the pointer on it shows the findings and the study's AI history (a sparkline over its exams).
 */
export function IndexAiCell({ studyInstanceUid }: { studyInstanceUid: string }) {
  const ai = useWorklist((s) => s.indexAi.get(studyInstanceUid));
  if (!ai || ai.status === 'pending')
    return (
      <AiHistoryTip studyInstanceUid={studyInstanceUid}>
        <AiStatusCell studyInstanceUid={studyInstanceUid} />
      </AiHistoryTip>
    );
  return (
    <AiHistoryTip studyInstanceUid={studyInstanceUid} summary={ai.title}>
      <span data-ai-phase={ai.status} data-ai-source="index">
        {ai.text}
      </span>
    </AiHistoryTip>
  );
}
