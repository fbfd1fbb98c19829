import type { TriageResult } from '../../domain/triage/types';
import { reasonsText } from '../../domain/triage/worklist-triage';
import './triage.css';

const SHORT = { critical: 'CRIT', urgent: 'URG', routine: 'ROUT', low: 'LOW' } as const;

/** A small clock (inline SVG: no emoji, so it renders with any font set, e.g. a Debian Chromium's). */
function OverdueMark() {
  return (
    <svg className="urgency-overdue" viewBox="0 0 12 12" width="10" height="10" aria-label="overdue" role="img">
      <circle cx="6" cy="6" r="5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M6 3v3.2l2 1.3" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

/** The study's urgency level; the reasons are in the tooltip (plain text). Overdue: a clock mark. */
export function UrgencyBadge({ result }: { result: TriageResult | undefined }) {
  if (!result) return null;
  return (
    <span className={`urgency-badge urgency-${result.level}`} data-level={result.level} data-overdue={result.overdue || undefined} title={reasonsText(result)}>
      {SHORT[result.level]}
      {result.overdue && <OverdueMark />}
    </span>
  );
}
