/** The report draft the editor starts from: pure, from the AI result and the reader's decisions. */
import type { Comparison, ReportFinding, ReportMeasurement } from '../../dicom/sr';
import { type AiResultUnderReview, type DecisionRecord, isQaLabel } from '../review/decisions';

export interface ReportDraft {
  findings: ReportFinding[];
  measurements: ReportMeasurement[];
  comparison?: Comparison;
  impression: string;
  recommendation: string;
}

const sentence = (label: string) => `${label.charAt(0).toUpperCase()}${label.slice(1)}.`;

/** Accepted, region-edited and added findings, in panel order; QA flags are not findings. */
export function confirmedFindings(result: AiResultUnderReview | null, latest: ReadonlyMap<string, DecisionRecord>): ReportFinding[] {
  const confirmed = (key: string) => {
    const decision = latest.get(key)?.decision.decision;
    return decision === 'accept' || decision === 'edit';
  };
  const fromAi = (result?.findings ?? []).filter((f) => confirmed(f.trackingUid)).map((f) => f.label);
  const added = [...latest.values()].filter((r) => r.decision.decision === 'add' && !isQaLabel(r.decision.label)).map((r) => r.decision.label);
  return [...fromAi, ...added].map((label) => ({ text: sentence(label), label }));
}

export function draftReport(findings: ReportFinding[], measurements: ReportMeasurement[], comparison: Comparison | undefined): ReportDraft {
  return {
    findings,
    measurements,
    ...(comparison ? { comparison } : {}),
    impression: '',
    recommendation: '',
  };
}
