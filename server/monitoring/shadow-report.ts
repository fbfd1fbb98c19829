/**
 * The shadow comparison in SQL (definitions: src/domain/reading/monitoring/shadow-report.ts). Each shadow
 * row (migration 013) is paired with its study's newest indexed AI result naming the same model id at
 * another version (ai_results, migration 005), and its findings with that result's findings of the same
 * label; reader decisions come from that active result (ai_findings.decision, current 'add' decisions).
 * Two grouped scans, each per version and per version × week (GROUPING SETS), in one snapshot.
 */
import type pg from 'pg';
import { inSnapshot } from './report';
import type { ShadowComparison, ShadowFigures, ShadowLabel, ShadowReport } from '../../src/domain/reading/monitoring/shadow-report';

const PAIRS = `
  WITH pairs AS (
    SELECT s.study_uid, s.model_id, s.version, s.week, s.not_applicable, s.infer_ms, a.sr_instance_uid AS active_sr, a.active_version
    FROM shadow_results s
    LEFT JOIN LATERAL (
      SELECT r.sr_instance_uid, alg->>'version' AS active_version
      FROM ai_results r CROSS JOIN LATERAL jsonb_array_elements(r.algorithms) alg
      WHERE r.study_uid = s.study_uid AND alg->>'id' = s.model_id AND alg->>'version' <> s.version
      ORDER BY r.computed_at DESC LIMIT 1
    ) a ON true
    WHERE s.image_uid IS NOT NULL
  )`;

export const SHADOW_RUNS_SQL = `${PAIRS}
  SELECT model_id, version, to_char(week, 'YYYY-MM-DD') AS week,
    count(*)::int AS analysed, count(active_sr)::int AS paired,
    count(*) FILTER (WHERE not_applicable IS NOT NULL)::int AS not_applicable,
    avg(infer_ms) FILTER (WHERE not_applicable IS NULL OR infer_ms > 0) AS infer_ms,
    array_remove(array_agg(DISTINCT active_version), NULL) AS active_versions
  FROM pairs GROUP BY GROUPING SETS ((model_id, version), (model_id, version, week))`;

export const SHADOW_LABELS_SQL = `${PAIRS}
  SELECT model_id, version, to_char(week, 'YYYY-MM-DD') AS week, label, count(*)::int AS n,
    count(*) FILTER (WHERE ap)::int AS a_pos, count(*) FILTER (WHERE sp)::int AS s_pos,
    count(*) FILTER (WHERE ap AND sp)::int AS both_pos, count(*) FILTER (WHERE ap AND NOT sp)::int AS only_active,
    count(*) FILTER (WHERE sp AND NOT ap)::int AS only_shadow,
    count(*) FILTER (WHERE ap AND present)::int AS a_acc, count(*) FILTER (WHERE ap AND absent)::int AS a_rej,
    count(*) FILTER (WHERE NOT ap AND present)::int AS a_fn,
    count(*) FILTER (WHERE sp AND present)::int AS s_acc, count(*) FILTER (WHERE sp AND absent)::int AS s_rej,
    count(*) FILTER (WHERE NOT sp AND present)::int AS s_fn
  FROM (
    SELECT p.model_id, p.version, p.week, sf.label, af.positive AS ap, sf.positive AS sp,
      (af.positive AND af.decision = 'reject') AS absent,
      (af.positive AND af.decision IN ('accept', 'edit')) OR EXISTS (
        SELECT 1 FROM reader_decisions d
        WHERE d.ai_sr_uid = p.active_sr AND d.current AND d.decision = 'add' AND NOT d.qa AND d.label = sf.label) AS present
    FROM pairs p
    JOIN shadow_findings sf ON sf.study_uid = p.study_uid AND sf.model_id = p.model_id AND sf.version = p.version
    JOIN ai_findings af ON af.study_uid = p.study_uid AND af.sr_instance_uid = p.active_sr AND af.label = sf.label
  ) f
  GROUP BY GROUPING SETS ((model_id, version, label), (model_id, version, week, label))`;

interface RunRow {
  model_id: string;
  version: string;
  week: string | null;
  analysed: number;
  paired: number;
  not_applicable: number;
  infer_ms: number | null;
  active_versions: string[];
}

interface LabelRow {
  model_id: string;
  version: string;
  week: string | null;
  label: string;
  n: number;
  a_pos: number;
  s_pos: number;
  both_pos: number;
  only_active: number;
  only_shadow: number;
  a_acc: number;
  a_rej: number;
  a_fn: number;
  s_acc: number;
  s_rej: number;
  s_fn: number;
}

const figuresOf = (row: RunRow): ShadowFigures => ({
  analysed: row.analysed,
  paired: row.paired,
  notApplicable: row.not_applicable,
  meanInferMs: row.infer_ms === null ? null : Math.round(row.infer_ms * 10) / 10,
  activeVersions: [...row.active_versions].sort(),
  labels: [],
});

const labelOf = (row: LabelRow): ShadowLabel => ({
  label: row.label,
  n: row.n,
  active: { positives: row.a_pos, accepted: row.a_acc, rejected: row.a_rej, fn: row.a_fn },
  shadow: { positives: row.s_pos, accepted: row.s_acc, rejected: row.s_rej, fn: row.s_fn },
  both: row.both_pos,
  onlyActive: row.only_active,
  onlyShadow: row.only_shadow,
});

export async function shadowReport(db: pg.Pool): Promise<ShadowReport> {
  const started = performance.now();
  const { runs, labels } = await inSnapshot(db, async (client) => ({
    runs: (await client.query<RunRow>(SHADOW_RUNS_SQL)).rows,
    labels: (await client.query<LabelRow>(SHADOW_LABELS_SQL)).rows,
  }));

  const comparisons = new Map<string, ShadowComparison>();
  const figures = new Map<string, ShadowFigures>();
  const keyOf = (row: { model_id: string; version: string; week: string | null }) => `${row.model_id}\n${row.version}\n${row.week ?? ''}`;
  for (const row of runs) {
    if (row.week !== null) continue;
    const comparison: ShadowComparison = { modelId: row.model_id, version: row.version, ...figuresOf(row), weeks: [] };
    comparisons.set(`${row.model_id}\n${row.version}`, comparison);
    figures.set(keyOf(row), comparison);
  }
  for (const row of runs) {
    if (row.week === null) continue;
    const week = { week: row.week, ...figuresOf(row) };
    comparisons.get(`${row.model_id}\n${row.version}`)?.weeks.push(week);
    figures.set(keyOf(row), week);
  }
  for (const row of labels) figures.get(keyOf(row))?.labels.push(labelOf(row));
  const byLabel = (a: ShadowLabel, b: ShadowLabel) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  for (const comparison of comparisons.values()) {
    comparison.labels.sort(byLabel);
    comparison.weeks.sort((a, b) => (a.week < b.week ? -1 : 1));
    for (const week of comparison.weeks) week.labels.sort(byLabel);
  }
  return {
    comparisons: [...comparisons.values()].sort((a, b) => a.modelId.localeCompare(b.modelId) || a.version.localeCompare(b.version)),
    generatedAt: new Date().toISOString(),
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
}
