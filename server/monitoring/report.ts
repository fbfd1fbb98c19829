/**
 * Every figure of the monitoring page, in SQL over the rows index-study.ts keeps. Definitions are
 * src/domain/reading/monitoring/metrics.ts's, restated here as the SQL implements them:
 *   - the current decision on an item (ai_sr_uid, item_key) is its newest (decided_at); at one instant
 *     the later one in the same SR wins (ordinal), across SRs the greater SR UID (the browser keeps the
 *     one it read last, an order the PACS decides). It is kept at write time (migration 005
 *     monitoring_refresh: reader_decisions.current, ai_findings.decision, ai_results' agreement columns),
 *     so a report is a few grouped scans with no per-request ranking of decisions.
 *   - assessedResults: results with at least one current decision (QA flags and additions included)
 *   - assessedPositives: positive findings whose current decision is accept, edit or reject
 *     acceptedPositives: … accept or edit; falsePositives: … reject
 *   - falseNegatives: current decisions 'add' whose label is not a QA flag
 *   - ppv = accepted / assessed; sensitivity = accepted / (accepted + FN); null when the divisor is 0
 *   - ood: out of distribution / results with an OOD score; qaFlagged: results with a QA flag / results
 *   - histogram: 10 equal bins of [0, 1], 1 in the last, other values skipped; days: UTC day means
 * Weeks are ISO weeks (UTC, Monday) of the AI result's computedAt; a decision counts in its result's week.
 * The filter (from, to, modelVersion) selects AI results; the notes (reports, unknown SRs, orphan
 * assessments) are archive-wide. One read-only REPEATABLE READ transaction: one snapshot for every figure.
 */
import type pg from 'pg';
import { inTransaction } from '../worklist/repository';
import type { LabelAgreement, LabelReport, ModelReport, MonitoringFilter, MonitoringReport, WeekReport } from '../../src/domain/reading/monitoring/api-report';
import type { Bin, DayStat, Figures } from '../../src/domain/reading/monitoring/metrics';

export interface MonitoringQuery {
  from?: Date;
  to?: Date;
  modelVersion?: string;
}

const BINS = 10;

/** $1 from, $2 to, $3 model; ai_findings repeats its result's model and computed_at. */
const FILTER = `($1::timestamptz IS NULL OR computed_at >= $1) AND ($2::timestamptz IS NULL OR computed_at < $2) AND ($3::text IS NULL OR model = $3)`;

export const FIGURES_SQL = `
  SELECT model, to_char(week, 'YYYY-MM-DD') AS week,
    count(*)::int AS ai_results,
    count(*) FILTER (WHERE assessed)::int AS assessed_results,
    sum(accepted_positives)::int AS accepted,
    sum(false_positives)::int AS rejected,
    sum(false_negatives)::int AS fn,
    count(*) FILTER (WHERE out_of_distribution)::int AS ood,
    count(out_of_distribution)::int AS ood_of,
    count(*) FILTER (WHERE cardinality(qa_flags) > 0)::int AS qa
  FROM ai_results WHERE ${FILTER}
  GROUP BY GROUPING SETS ((model), (model, week))`;

/** One scan of the findings: per label, per label and week, per label and day, per label and bin. */
export const FINDINGS_SQL = `
  SELECT model, label, to_char(week, 'YYYY-MM-DD') AS week, to_char(day, 'YYYY-MM-DD') AS day, bin,
    GROUPING(week, day, bin) AS g,
    count(*)::int AS n, sum(probability) AS psum,
    count(*) FILTER (WHERE positive AND decision IN ('accept', 'edit'))::int AS accepted,
    count(*) FILTER (WHERE positive AND decision = 'reject')::int AS rejected
  FROM (
    SELECT model, label, week, day, probability, positive, decision,
      CASE WHEN probability >= 0 AND probability <= 1 THEN LEAST(floor(probability * ${BINS})::int, ${BINS - 1}) END AS bin
    FROM ai_findings WHERE ${FILTER}
  ) f
  GROUP BY GROUPING SETS ((model, label), (model, label, week), (model, label, day), (model, label, bin))`;

/** Findings readers added (current 'add', not a QA flag), per label and per label and week of their result. */
export const ADDED_SQL = `
  SELECT r.model, d.label, to_char(r.week, 'YYYY-MM-DD') AS week, count(*)::int AS fn
  FROM reader_decisions d JOIN ai_results r ON r.sr_instance_uid = d.ai_sr_uid
  WHERE d.current AND d.decision = 'add' AND NOT d.qa
    AND ($1::timestamptz IS NULL OR r.computed_at >= $1) AND ($2::timestamptz IS NULL OR r.computed_at < $2) AND ($3::text IS NULL OR r.model = $3)
  GROUP BY GROUPING SETS ((r.model, d.label), (r.model, d.label, r.week))`;

export const DOCUMENTS_SQL = `
  SELECT kind, reason, count(*)::int AS n FROM monitoring_documents
  WHERE kind IN ('report', 'unknown') GROUP BY kind, reason`;

export const ORPHANS_SQL = `
  SELECT count(*)::int AS n FROM monitoring_documents a
  WHERE a.kind = 'assessment' AND NOT EXISTS (SELECT 1 FROM ai_results r WHERE r.sr_instance_uid = a.ai_sr_uid)`;

interface FigureRow {
  model: string;
  week: string | null;
  ai_results: number;
  assessed_results: number;
  accepted: number;
  rejected: number;
  fn: number;
  ood: number;
  ood_of: number;
  qa: number;
}

/** GROUPING(week, day, bin): which set a findings row belongs to. */
const SET = { label: 0b111, week: 0b011, day: 0b101, bin: 0b110 } as const;

interface FindingRow {
  model: string;
  label: string;
  week: string | null;
  day: string | null;
  bin: number | null;
  g: number;
  n: number;
  psum: number;
  accepted: number;
  rejected: number;
}

interface AddedRow {
  model: string;
  label: string;
  week: string | null;
  fn: number;
}

const ratio = (count: number, of: number) => (of === 0 ? null : count / of);

function figuresOf(row: FigureRow): Figures {
  const assessedPositives = row.accepted + row.rejected;
  return {
    aiResults: row.ai_results,
    assessedResults: row.assessed_results,
    assessedPositives,
    acceptedPositives: row.accepted,
    falsePositives: row.rejected,
    falseNegatives: row.fn,
    ppv: ratio(row.accepted, assessedPositives),
    sensitivity: ratio(row.accepted, row.accepted + row.fn),
    ood: { count: row.ood, of: row.ood_of },
    qaFlagged: { count: row.qa, of: row.ai_results },
  };
}

function agreement(label: string, n: number, psum: number, accepted: number, rejected: number, fn: number): LabelAgreement {
  return {
    label,
    n,
    mean: n === 0 ? null : psum / n,
    assessedPositives: accepted + rejected,
    acceptedPositives: accepted,
    falsePositives: rejected,
    falseNegatives: fn,
    ppv: ratio(accepted, accepted + rejected),
    sensitivity: ratio(accepted, accepted + fn),
  };
}

const emptyHistogram = (): Bin[] => Array.from({ length: BINS }, (_, i) => ({ from: i / BINS, to: (i + 1) / BINS, count: 0 }));
const byLabel = (a: { label: string }, b: { label: string }) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Work in one read-only REPEATABLE READ transaction: every figure from one snapshot. */
export const inSnapshot = <T>(db: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
  inTransaction(db, work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');

/** Parses the HTTP filter; throws RangeError on a malformed date. */
export function parseMonitoringQuery(query: Record<string, unknown>): MonitoringQuery {
  const result: MonitoringQuery = {};
  for (const key of ['from', 'to'] as const) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    const date = new Date(String(value));
    if (typeof value !== 'string' || Number.isNaN(date.getTime())) throw new RangeError(`${key}: not a date or instant: ${String(value)}`);
    result[key] = date;
  }
  if (typeof query.modelVersion === 'string' && query.modelVersion !== '') result.modelVersion = query.modelVersion;
  return result;
}

export async function monitoringReport(db: pg.Pool, query: MonitoringQuery = {}): Promise<MonitoringReport> {
  const started = performance.now();
  const params = [query.from?.toISOString() ?? null, query.to?.toISOString() ?? null, query.modelVersion ?? null];
  const results = await inSnapshot(db, async (client) => {
    const figures = await client.query<FigureRow>(FIGURES_SQL, params);
    const findings = await client.query<FindingRow>(FINDINGS_SQL, params);
    const added = await client.query<AddedRow>(ADDED_SQL, params);
    const documents = await client.query<{ kind: string; reason: string | null; n: number }>(DOCUMENTS_SQL);
    const orphans = await client.query<{ n: number }>(ORPHANS_SQL);
    return { figures: figures.rows, findings: findings.rows, added: added.rows, documents: documents.rows, orphans: orphans.rows[0].n };
  });

  const models = new Map<string, ModelReport>();
  const weeks = new Map<string, WeekReport>();
  for (const row of results.figures) {
    if (row.week === null) models.set(row.model, { model: row.model, ...figuresOf(row), labels: [], weeks: [] });
  }
  for (const row of results.figures) {
    if (row.week === null) continue;
    const week: WeekReport = { week: row.week, ...figuresOf(row), labels: [] };
    weeks.set(`${row.model}\n${row.week}`, week);
    models.get(row.model)!.weeks.push(week);
  }

  // Per label (and per label and week): findings' counts, plus the findings readers added.
  type Tally = { n: number; psum: number; accepted: number; rejected: number; fn: number; histogram: Bin[]; days: DayStat[] };
  const tallies = new Map<string, Tally>();
  const tally = (key: string) => {
    let t = tallies.get(key);
    if (!t) tallies.set(key, (t = { n: 0, psum: 0, accepted: 0, rejected: 0, fn: 0, histogram: emptyHistogram(), days: [] }));
    return t;
  };
  for (const row of results.findings) {
    if (row.g === SET.label || row.g === SET.week) {
      const t = tally(row.g === SET.label ? `${row.model}\n${row.label}` : `${row.model}\n${row.label}\n${row.week}`);
      Object.assign(t, { n: row.n, psum: row.psum, accepted: row.accepted, rejected: row.rejected });
    } else if (row.g === SET.day) {
      tally(`${row.model}\n${row.label}`).days.push({ day: row.day!, n: row.n, mean: row.psum / row.n });
    } else if (row.g === SET.bin && row.bin !== null) {
      tally(`${row.model}\n${row.label}`).histogram[row.bin].count = row.n;
    }
  }
  for (const row of results.added) tally(row.week === null ? `${row.model}\n${row.label}` : `${row.model}\n${row.label}\n${row.week}`).fn = row.fn;
  for (const [key, t] of tallies) {
    const [model, label, week] = key.split('\n');
    const figures = agreement(label, t.n, t.psum, t.accepted, t.rejected, t.fn);
    if (week === undefined) {
      const report: LabelReport = { ...figures, histogram: t.histogram, days: t.days.sort((a, b) => (a.day < b.day ? -1 : 1)) };
      models.get(model)?.labels.push(report);
    } else {
      weeks.get(`${model}\n${week}`)?.labels.push(figures);
    }
  }
  for (const model of models.values()) {
    model.labels.sort(byLabel);
    model.weeks.sort((a, b) => (a.week < b.week ? -1 : 1));
    for (const week of model.weeks) week.labels.sort(byLabel);
  }

  const unknown: Record<string, number> = {};
  let reports = 0;
  for (const row of results.documents) {
    if (row.kind === 'report') reports += row.n;
    else unknown[row.reason ?? ''] = (unknown[row.reason ?? ''] ?? 0) + row.n;
  }
  const filter: MonitoringFilter = {
    ...(query.from ? { from: query.from.toISOString() } : {}),
    ...(query.to ? { to: query.to.toISOString() } : {}),
    ...(query.modelVersion ? { modelVersion: query.modelVersion } : {}),
  };
  return {
    models: [...models.values()].sort((a, b) => a.model.localeCompare(b.model)),
    unknown,
    orphanAssessments: results.orphans,
    reports,
    filter,
    generatedAt: new Date().toISOString(),
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}
