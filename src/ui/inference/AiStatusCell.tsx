import { aiCellText, useInference } from '../../services/inference/store';

/** The worklist's AI column for one study, live. */
export function AiStatusCell({ studyInstanceUID }: { studyInstanceUID: string }) {
  const status = useInference((s) => s.studies[studyInstanceUID]);
  return <span data-ai-phase={status?.phase ?? 'idle'}>{aiCellText(status)}</span>;
}
