/** Inputs and outputs of the urgency rules. Times are epoch milliseconds. */
import type { AiFinding } from '../ai/result/types';

export type ClinicalClass = 'critical' | 'urgent' | 'routine';
export type UrgencyLevel = 'critical' | 'urgent' | 'routine' | 'low';

/** DICOM Requested Procedure Priority (0040,1003) enumerated values. */
export const REQUEST_PRIORITIES = ['STAT', 'HIGH', 'MEDIUM', 'ROUTINE', 'LOW'] as const;
export type RequestPriority = (typeof REQUEST_PRIORITIES)[number];

/** An AI finding as the urgency rules weigh it: its threshold is the manifest's `thresholds[label].value`. */
export interface TriageFinding extends Pick<AiFinding, 'label' | 'probability' | 'threshold'> {
  clinicalClass: ClinicalClass;
  /** Same label's probability on the most recent prior exam, when the priors feature found one. */
  priorProbability?: number;
}

export type TriageAiInput =
  | { status: 'done'; findings: TriageFinding[] }
  /** Out of distribution or wrong body part: findings must not be trusted. */
  | { status: 'not-applicable'; detail?: string };

export interface TriageInput {
  studyInstanceUid: string;
  arrivedAt: number;
  /** Raw DICOM value; case and surrounding spaces are ignored. */
  requestPriority?: string | null;
  /** Absent while the model has not run (or failed). */
  ai?: TriageAiInput | null;
  /** Human-readable QA findings, e.g. "ViewPosition PA but image looks AP". */
  qaFlags?: readonly string[];
}

export type ReasonKind = 'finding' | 'new-since-prior' | 'priority' | 'ai' | 'qa' | 'waiting' | 'overdue';

export interface TriageReason {
  kind: ReasonKind;
  text: string;
  /** Contribution to the score (0 for reasons that only explain). */
  points: number;
}

export interface TriageResult {
  studyInstanceUid: string;
  arrivedAt: number;
  /** Clinical level from the evidence alone; waiting never changes it. */
  level: UrgencyLevel;
  /** Evidence points plus aging points; orders studies within a tier. */
  score: number;
  /** Waited at least the cap: ranked above every study that is not critical. */
  overdue: boolean;
  waitMinutes: number;
  reasons: TriageReason[];
}
