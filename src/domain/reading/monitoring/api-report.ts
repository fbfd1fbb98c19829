/**
 * GET /api/monitoring's answer (server/monitoring writes it, the monitoring page reads it). The figures of a
 * model are metrics.ts Figures (same names, same definitions); instead of every probability
 * point (which grows with the archive) each label carries what the page draws from them, computed in SQL:
 * the 10-bin histogram (metrics.ts histogram) and the daily means (metrics.ts dailyMeans). Per ISO week
 * (UTC, Monday) the same figures again, plus per-label agreement and mean probability (drift).
 */
import type { Bin, DayStat, Figures } from './metrics';

/** Agreement on one label: positives of that label, findings of that label readers added. */
export interface LabelAgreement extends Pick<Figures, 'assessedPositives' | 'acceptedPositives' | 'falsePositives' | 'falseNegatives' | 'ppv' | 'sensitivity'> {
  label: string;
  /** Findings of this label (positive or not): the page's "(n …)". */
  n: number;
  /** Mean probability of those findings; null when n is 0 (a label only readers added). */
  mean: number | null;
}

export interface LabelReport extends LabelAgreement {
  histogram: Bin[];
  days: DayStat[];
}

export interface WeekReport extends Figures {
  /** Monday of the ISO week (UTC) of the AI results' computedAt, YYYY-MM-DD. */
  week: string;
  labels: LabelAgreement[];
}

export interface ModelReport extends Figures {
  /** "id@version" of every model that wrote the AI results, sorted (metrics.ts modelName). */
  model: string;
  labels: LabelReport[];
  /** Oldest first. */
  weeks: WeekReport[];
}

export interface MonitoringFilter {
  /** AI results computed at or after (ISO instant or date). */
  from?: string;
  /** AI results computed before (exclusive). */
  to?: string;
  /** One model, as named in `model` (e.g. "cxr-triage@1.0.0"). */
  modelVersion?: string;
}

export interface MonitoringReport {
  /** Sorted by model name (localeCompare, as metrics.ts). */
  models: ModelReport[];
  /** SRs that are not Dokuei's or unreadable, count by reason (metrics.ts `unknown`, a Map there). */
  unknown: Record<string, number>;
  /** Assessments whose AI result SR is not indexed. */
  orphanAssessments: number;
  reports: number;
  filter: MonitoringFilter;
  generatedAt: string;
  /** Time the database took, for the bench. */
  ms: number;
}
