/**
 * GET /api/monitoring/shadow's answer (server/monitoring/shadow-report.ts writes it, the monitoring page
 * reads it): per shadow version and ISO week (UTC, Monday, of the shadow run), the shadow version beside the
 * active result of the same model id on the same studies. Reader figures use metrics.ts's definitions, with
 * the reader's decisions on the active result as the truth for both sides:
 *   present = an accepted/edited active positive, or a finding the reader added (current 'add', not QA)
 *   absent  = a rejected active positive
 *   accepted = positive ∧ present, rejected = positive ∧ absent, fn = negative ∧ present
 *   ppv = accepted / (accepted + rejected), sensitivity = accepted / (accepted + fn); null when the divisor is 0.
 */

export interface SideFigures {
  positives: number;
  accepted: number;
  rejected: number;
  fn: number;
}

/** One label over the studies both sides analysed (labels of one side only are not compared). */
export interface ShadowLabel {
  label: string;
  n: number;
  active: SideFigures;
  shadow: SideFigures;
  /** Agreement of the calls: both positive, only the active one, only the shadow one. */
  both: number;
  onlyActive: number;
  onlyShadow: number;
}

export interface ShadowFigures {
  /** Studies the shadow version ran on (an image to run on). */
  analysed: number;
  /** Of those, with an active result of the same model id (indexed from its SR): what the labels compare. */
  paired: number;
  /** Shadow runs whose findings did not apply (QA body part, OOD). */
  notApplicable: number;
  /** Mean milliseconds of the shadow version alone (preprocessing + inference). */
  meanInferMs: number | null;
  /** The active versions it was compared with, e.g. "1.0.0". */
  activeVersions: string[];
  labels: ShadowLabel[];
}

export interface ShadowWeek extends ShadowFigures {
  week: string;
}

export interface ShadowComparison extends ShadowFigures {
  modelId: string;
  version: string;
  /** Oldest first. */
  weeks: ShadowWeek[];
}

export interface ShadowReport {
  comparisons: ShadowComparison[];
  generatedAt: string;
  ms: number;
}

export const ratio = (count: number, of: number): number | null => (of === 0 ? null : count / of);
export const ppvOf = (side: SideFigures) => ratio(side.accepted, side.accepted + side.rejected);
export const sensitivityOf = (side: SideFigures) => ratio(side.accepted, side.accepted + side.fn);
