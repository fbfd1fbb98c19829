import type { TriageResult } from '../../domain/triage/types';
import { reasonsText } from '../../domain/triage/worklist-triage';
import './triage.css';

const SHORT = { critical: 'CRIT', urgent: 'URG', routine: 'ROUT', low: 'LOW' } as const;

/** The study's urgency level; the reasons are in the tooltip (plain text). */
export function UrgencyBadge({ result }: { result: TriageResult | undefined }) {
  if (!result) return null;
  return (
    <span className={`urgency-badge urgency-${result.level}`} data-level={result.level} title={reasonsText(result)}>
      {SHORT[result.level]}
      {result.overdue && ' ⏱'}
    </span>
  );
}
