/**
 * Every sortable column as a list of SQL key expressions compared in ONE direction, so a keyset
 * condition is a single row comparison `(k0, k1, …) > (cursor…)`. Blank values sort last in both
 * directions (a leading 0/1 key whose meaning flips with the direction); study_uid ends every
 * list, which makes each key unique and the pages stable.
 *
 * Urgency mirrors src/domain/triage/order.ts at the query's `now`: critical first, then overdue (waited
 * ≥ aging.capMinutes, longest first), then by level, then evidence + aging points, then arrival.
 * Aging points never lift a study out of its level: the level is its own key.
 */
import type { TriageConfig } from '../../src/domain/triage/config';

export type SortDirection = 'asc' | 'desc';
export type KeyType = 'numeric' | 'text';

export interface SortKey {
  sql: string;
  type: KeyType;
}

/** $NOW is replaced by the parameter holding the query time in epoch seconds (numeric). */
export const NOW = '$NOW';

const blank = (column: string) => `(${column} IS NULL OR ${column} = '')`;

/** Blank rows after the others whatever the direction. */
const blankLast = (isBlank: string, dir: SortDirection): SortKey => ({
  sql: dir === 'asc' ? `(CASE WHEN ${isBlank} THEN 1 ELSE 0 END)::numeric` : `(CASE WHEN ${isBlank} THEN 0 ELSE 1 END)::numeric`,
  type: 'numeric',
});

const textColumn = (column: string) => (dir: SortDirection): SortKey[] => [blankLast(blank(column), dir), { sql: `COALESCE(${column}, '')`, type: 'text' }];
const numericExpr = (sql: string) => (): SortKey[] => [{ sql: `(${sql})::numeric`, type: 'numeric' }];
const timeColumn = (column: string) => (dir: SortDirection): SortKey[] => [
  blankLast(`${column} IS NULL`, dir),
  { sql: `COALESCE(extract(epoch FROM ${column}), 0)::numeric`, type: 'numeric' },
];

export const waitMinutesSql = `GREATEST(0, (${NOW} - extract(epoch FROM arrived_at)) / 60)`;
export const overdueSql = (config: TriageConfig) => `(urgency_level < 3 AND ${waitMinutesSql} >= ${Number(config.aging.capMinutes)})`;
/** Evidence points plus aging points at the query time (what urgency.ts calls score). */
export const effectiveScoreSql = (config: TriageConfig) => `(urgency_score::numeric + ${Number(config.aging.pointsPerMinute)} * ${waitMinutesSql})`;

function urgencyKeys(config: TriageConfig): SortKey[] {
  const overdue = overdueSql(config);
  const tier = `(CASE WHEN urgency_level = 3 THEN 2 WHEN ${overdue} THEN 1 ELSE 0 END)`;
  // Among overdue studies only the wait counts (src/domain/triage/order.ts withinTier): level and score tie.
  return [
    { sql: `(-${tier})::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdue} THEN 0 ELSE -urgency_level END)::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdue} THEN 0 ELSE -${effectiveScoreSql(config)} END)::numeric`, type: 'numeric' },
    { sql: 'extract(epoch FROM arrived_at)::numeric', type: 'numeric' },
  ];
}

const PRIORITY_RANK = `CASE upper(priority) WHEN 'STAT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'ROUTINE' THEN 3 WHEN 'LOW' THEN 4 END`;
const READING_RANK = `CASE reading_state WHEN 'unread' THEN 0 WHEN 'in-progress' THEN 1 ELSE 2 END`;
const AI_RANK = `CASE ai_status WHEN 'done' THEN 0 WHEN 'not-applicable' THEN 1 WHEN 'no-model' THEN 2 WHEN 'failed' THEN 3 ELSE 4 END`;

/** Column name in the API → its keys. `urgency` asc = most urgent first (the triage order). */
export const SORT_COLUMNS = {
  urgency: (_dir: SortDirection, config: TriageConfig) => urgencyKeys(config),
  level: numericExpr('urgency_level'),
  score: (_dir: SortDirection, config: TriageConfig) => [{ sql: `${effectiveScoreSql(config)}::numeric`, type: 'numeric' as const }],
  patientName: textColumn('patient_name'),
  patientId: textColumn('patient_id'),
  patientSex: textColumn('patient_sex'),
  patientBirthDate: textColumn('patient_birth_date'),
  accession: textColumn('accession'),
  studyDateTime: timeColumn('study_datetime'),
  modality: textColumn('modality'),
  bodyPart: textColumn('body_part'),
  description: textColumn('description'),
  priority: (dir: SortDirection): SortKey[] => [blankLast(`(${PRIORITY_RANK}) IS NULL`, dir), { sql: `COALESCE(${PRIORITY_RANK}, 9)::numeric`, type: 'numeric' }],
  aiStatus: numericExpr(AI_RANK),
  aiSummary: textColumn(`(ai_summary->'positives'->>0)`),
  flagged: numericExpr('flagged::int'),
  readingState: numericExpr(READING_RANK),
  claimedBy: textColumn('claimed_by'),
  arrivedAt: timeColumn('arrived_at'),
  updatedAt: timeColumn('updated_at'),
} satisfies Record<string, (dir: SortDirection, config: TriageConfig) => SortKey[]>;

export type SortColumn = keyof typeof SORT_COLUMNS;
export const isSortColumn = (value: string): value is SortColumn => Object.hasOwn(SORT_COLUMNS, value);

export function sortKeys(column: SortColumn, dir: SortDirection, config: TriageConfig): SortKey[] {
  return [...SORT_COLUMNS[column](dir, config), { sql: 'study_uid', type: 'text' }];
}
