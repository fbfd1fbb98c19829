/**
 * AI monitoring from the SRs in the PACS, per model version. Pure: the same documents give the
 * same figures, so the tests check them against hand counts.
 *   PPV          accepted positives / assessed positives (accepted = accept or region edit)
 *   sensitivity  accepted positives / (accepted positives + findings readers added)
 *   FP           positives readers rejected; FN = findings readers added (the AI missed them)
 * Only the newest decision per item counts; decisions on AI negatives and QA flags are not in PPV.
 */
import { type DecisionRecord, isQaLabel, latestDecisions } from '../review/decisions';
import { recordsOf } from '../review/study-srs';
import type { ParsedDokueiSr } from '../../dicom/sr';
import type { AlgorithmIdentification } from '../../ai/result/types';

type AiResultSr = Extract<ParsedDokueiSr, { kind: 'ai-result' }>;
type AssessmentSr = Extract<ParsedDokueiSr, { kind: 'assessment' }>;

export interface Rate {
  count: number;
  of: number;
}

export interface ProbabilityPoint {
  label: string;
  probability: number;
  at: Date;
}

/** A model's figures (or one week of them): what the page shows and GET /api/monitoring computes in SQL. */
export interface Figures {
  aiResults: number;
  assessedResults: number;
  assessedPositives: number;
  acceptedPositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** acceptedPositives / assessedPositives; null when nothing was assessed. */
  ppv: number | null;
  /** acceptedPositives / (acceptedPositives + falseNegatives); null when both are 0. */
  sensitivity: number | null;
  /** Results whose image was out of distribution, of those with an OOD score. */
  ood: Rate;
  /** Results with at least one QA flag, of all results. */
  qaFlagged: Rate;
}

export interface ModelMetrics extends Figures {
  /** "id@version" of every model that wrote the AI results, sorted. */
  model: string;
  probabilities: ProbabilityPoint[];
}

export interface MonitoringSummary {
  models: ModelMetrics[];
  /** SRs that are not Dokuei's or unreadable, by reason. */
  unknown: Map<string, number>;
  /** Assessments whose AI result SR was not found. */
  orphanAssessments: number;
  reports: number;
}

export const modelName = (algorithms: readonly AlgorithmIdentification[]) =>
  algorithms
    .map((a) => `${a.id}@${a.version}`)
    .sort()
    .join(' + ') || '(no algorithm named)';

const ratio = (count: number, of: number) => (of === 0 ? null : count / of);

function modelMetrics(model: string, results: readonly AiResultSr[], decisionsOf: (sop: string) => DecisionRecord[]): ModelMetrics {
  const m: ModelMetrics = {
    model,
    aiResults: results.length,
    assessedResults: 0,
    assessedPositives: 0,
    acceptedPositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    ppv: null,
    sensitivity: null,
    ood: { count: 0, of: 0 },
    qaFlagged: { count: results.filter((r) => r.content.qaFlags.length > 0).length, of: results.length },
    probabilities: results.flatMap((r) => r.content.findings.map((f) => ({ label: f.label, probability: f.probability, at: r.content.computedAt }))),
  };
  for (const result of results) {
    if (result.content.ood) {
      m.ood.of += 1;
      if (result.content.ood.outOfDistribution) m.ood.count += 1;
    }
    const latest = latestDecisions(decisionsOf(result.document.sopInstanceUid));
    if (latest.size > 0) m.assessedResults += 1;
    for (const finding of result.content.findings.filter((f) => f.positive)) {
      const decision = latest.get(finding.trackingUid)?.decision.decision;
      if (decision === undefined || decision === 'add') continue;
      m.assessedPositives += 1;
      if (decision === 'reject') m.falsePositives += 1;
      else m.acceptedPositives += 1;
    }
    m.falseNegatives += [...latest.values()].filter((r) => r.decision.decision === 'add' && !isQaLabel(r.decision.label)).length;
  }
  m.ppv = ratio(m.acceptedPositives, m.assessedPositives);
  m.sensitivity = ratio(m.acceptedPositives, m.acceptedPositives + m.falseNegatives);
  return m;
}

export function monitoringSummary(documents: readonly ParsedDokueiSr[]): MonitoringSummary {
  const aiResults = documents.filter((d): d is AiResultSr => d.kind === 'ai-result');
  const assessments = documents.filter((d): d is AssessmentSr => d.kind === 'assessment');
  const unknown = new Map<string, number>();
  for (const d of documents) if (d.kind === 'unknown') unknown.set(d.reason, (unknown.get(d.reason) ?? 0) + 1);

  const known = new Set(aiResults.map((r) => r.document.sopInstanceUid));
  const decisions = new Map<string, DecisionRecord[]>();
  for (const record of assessments.flatMap((a) => recordsOf(a, false))) {
    decisions.set(record.aiResultSopInstanceUid, [...(decisions.get(record.aiResultSopInstanceUid) ?? []), record]);
  }
  const byModel = new Map<string, AiResultSr[]>();
  for (const result of aiResults) {
    const name = modelName(result.content.algorithms);
    byModel.set(name, [...(byModel.get(name) ?? []), result]);
  }
  return {
    models: [...byModel].sort(([a], [b]) => a.localeCompare(b)).map(([model, results]) => modelMetrics(model, results, (sop) => decisions.get(sop) ?? [])),
    unknown,
    orphanAssessments: assessments.filter((a) => !known.has(a.content.aiResult.sopInstanceUid)).length,
    reports: documents.filter((d) => d.kind === 'report').length,
  };
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Counts of values in [0, 1] in `bins` equal bins (1 falls in the last). */
export function histogram(values: readonly number[], bins = 10): Bin[] {
  const counts = Array.from({ length: bins }, (_, i) => ({ from: i / bins, to: (i + 1) / bins, count: 0 }));
  for (const v of values) {
    if (!(v >= 0 && v <= 1)) continue;
    counts[Math.min(Math.floor(v * bins), bins - 1)].count += 1;
  }
  return counts;
}

export interface DayStat {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  n: number;
  mean: number;
}

/** Mean probability per UTC day, oldest first: a shift over days is drift. */
export function dailyMeans(points: readonly ProbabilityPoint[]): DayStat[] {
  const days = new Map<string, number[]>();
  for (const p of points) {
    const day = p.at.toISOString().slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), p.probability]);
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, values]) => ({ day, n: values.length, mean: values.reduce((s, v) => s + v, 0) / values.length }));
}
