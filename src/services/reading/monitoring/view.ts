/**
 * What the monitoring page draws, from either source, as pure mappings:
 *   - viewFromServer: GET /api/monitoring (server/monitoring: every figure computed in SQL, each label with
 *     its 10-bin histogram and UTC daily means instead of every probability point);
 *   - viewFromSummary: the browser's own monitoringSummary over every SR it read from the PACS (the
 *     fallback when the server has no database), histogram() / dailyMeans() per label as the page did.
 * Both give the same MonitoringView for the same SRs (the server's parity test checks the figures).
 */
import type { LabelReport, MonitoringReport } from '../../../domain/reading/monitoring/api-report';
import { dailyMeans, histogram, type ModelMetrics, type MonitoringSummary } from '../../../domain/reading/monitoring/metrics';

/** A model's figures as the page shows them: ModelMetrics without the probability points. */
export type ModelFigures = Omit<ModelMetrics, 'probabilities'>;

/** One label's probability plots: n findings, their histogram and daily means (null mean when n is 0). */
export type LabelView = Pick<LabelReport, 'label' | 'n' | 'mean' | 'histogram' | 'days'>;

/** GET /api/monitoring's answer (MonitoringReport), the part the page reads. */
export type ServerMonitoringReport = Pick<MonitoringReport, 'unknown' | 'orphanAssessments' | 'reports' | 'generatedAt' | 'ms'> & {
  models: Array<ModelFigures & { labels: LabelView[] }>;
};

export interface ModelView extends ModelFigures {
  /** Sorted by label; labels with n 0 (only readers added them) have nothing to plot. */
  labels: LabelView[];
}

/** Where the figures were computed, for the line under the title. */
export type MonitoringSource = { where: 'server'; ms: number; aiResults: number; generatedAt: string } | { where: 'browser'; ms: number; studies: number };

export interface MonitoringView {
  models: ModelView[];
  unknown: Map<string, number>;
  orphanAssessments: number;
  reports: number;
  source: MonitoringSource;
}

const figuresOf = (m: ModelFigures): ModelFigures => ({
  model: m.model,
  aiResults: m.aiResults,
  assessedResults: m.assessedResults,
  assessedPositives: m.assessedPositives,
  acceptedPositives: m.acceptedPositives,
  falsePositives: m.falsePositives,
  falseNegatives: m.falseNegatives,
  ppv: m.ppv,
  sensitivity: m.sensitivity,
  ood: { count: m.ood.count, of: m.ood.of },
  qaFlagged: { count: m.qaFlagged.count, of: m.qaFlagged.of },
});

const byLabel = (a: { label: string }, b: { label: string }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Throws when the body is not a monitoring report (e.g. an HTML page answered with 200). */
export function assertServerReport(body: unknown): asserts body is ServerMonitoringReport {
  const report = body as Partial<ServerMonitoringReport> | null;
  if (
    typeof report !== 'object' ||
    report === null ||
    !Array.isArray(report.models) ||
    !report.models.every((m) => typeof m?.model === 'string' && Array.isArray(m.labels)) ||
    typeof report.unknown !== 'object' ||
    report.unknown === null ||
    typeof report.ms !== 'number'
  ) {
    throw new Error('the monitoring answer is not a report');
  }
}

export function viewFromServer(report: ServerMonitoringReport): MonitoringView {
  return {
    models: report.models.map((m) => ({
      ...figuresOf(m),
      labels: m.labels.map((l) => ({ label: l.label, n: l.n, mean: l.mean, histogram: l.histogram, days: l.days })).sort(byLabel),
    })),
    unknown: new Map(Object.entries(report.unknown)),
    orphanAssessments: report.orphanAssessments,
    reports: report.reports,
    source: { where: 'server', ms: report.ms, aiResults: report.models.reduce((n, m) => n + m.aiResults, 0), generatedAt: report.generatedAt },
  };
}

/** The page's former per-label computation: points grouped by label, histogram and daily means. */
export function labelsOf(metrics: ModelMetrics): LabelView[] {
  const labels = [...new Set(metrics.probabilities.map((p) => p.label))].sort();
  return labels.map((label) => {
    const points = metrics.probabilities.filter((p) => p.label === label);
    return {
      label,
      n: points.length,
      mean: points.reduce((s, p) => s + p.probability, 0) / points.length,
      histogram: histogram(points.map((p) => p.probability)),
      days: dailyMeans(points),
    };
  });
}

export function viewFromSummary(summary: MonitoringSummary, read: { studies: number; ms: number }): MonitoringView {
  return {
    models: summary.models.map((m) => ({ ...figuresOf(m), labels: labelsOf(m) })),
    unknown: new Map(summary.unknown),
    orphanAssessments: summary.orphanAssessments,
    reports: summary.reports,
    source: { where: 'browser', ms: read.ms, studies: read.studies },
  };
}

/** "computed on the server in 61 ms over 10,000 AI results" / "computed in this browser in 2.4 s over 120 studies". */
export function sourceText(source: MonitoringSource): string {
  const duration = source.ms < 1000 ? `${Math.round(source.ms)} ms` : `${(source.ms / 1000).toFixed(1)} s`;
  return source.where === 'server'
    ? `Computed on the server in ${duration} over ${source.aiResults.toLocaleString('en')} AI result(s).`
    : `Computed in this browser in ${duration} over ${source.studies.toLocaleString('en')} stud${source.studies === 1 ? 'y' : 'ies'} read from the PACS (the server has no database).`;
}
