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
export type KeyType = 'numeric' | 'text' | 'timestamptz';

export interface SortKey {
  sql: string;
  type: KeyType;
}

/** $NOW is replaced by the parameter holding the query time in epoch seconds (numeric). */
export const NOW = '$NOW';
/** The query time as a timestamptz parameter (the same instant as $NOW). */
export const NOW_TS = '$NOW_TS';
/** now − aging.capMinutes as a timestamptz parameter (µs): a study that arrived at or before it is overdue. */
export const OVERDUE_BEFORE = '$OVERDUE_BEFORE';

const blank = (column: string) => `(${column} IS NULL OR ${column} = '')`;

/** Blank rows after the others whatever the direction. */
const blankLast = (isBlank: string, dir: SortDirection): SortKey => ({
  sql: dir === 'asc' ? `(CASE WHEN ${isBlank} THEN 1 ELSE 0 END)::numeric` : `(CASE WHEN ${isBlank} THEN 0 ELSE 1 END)::numeric`,
  type: 'numeric',
});

/** Natural order (numbers inside text as numbers), migration 007; the indexes are written with it. */
export const NATURAL = 'COLLATE dokuei_natural';

const textColumn =
  (column: string) =>
  (dir: SortDirection): SortKey[] => [blankLast(blank(column), dir), { sql: `(COALESCE(${column}, '') ${NATURAL})`, type: 'text' }];
const numericExpr = (sql: string) => (): SortKey[] => [{ sql: `(${sql})::numeric`, type: 'numeric' }];
const timeColumn =
  (column: string) =>
  (dir: SortDirection): SortKey[] => [blankLast(`${column} IS NULL`, dir), { sql: `COALESCE(extract(epoch FROM ${column}), 0)::numeric`, type: 'numeric' }];

export const waitMinutesSql = `GREATEST(0, (${NOW} - extract(epoch FROM arrived_at)) / 60)`;
/** Overdue (src/triage/urgency.ts): not critical and waited ≥ capMinutes, i.e. arrived ≤ now − cap. */
export const overdueSql = `(urgency_level < 3 AND arrived_at <= ${OVERDUE_BEFORE})`;
/** Evidence points plus aging points at the query time (what urgency.ts calls score). */
export const effectiveScoreSql = (config: TriageConfig) => `(urgency_score::numeric + ${Number(config.aging.pointsPerMinute)} * ${waitMinutesSql})`;

/** arrived_at in epoch seconds, written in its IMMUTABLE form (usable in an index). */
const ARRIVED_EPOCH = `extract(epoch FROM (arrived_at - '1970-01-01 00:00:00+00'::timestamptz))`;

/**
 * The time-invariant urgency key of a study that arrived at or before `now`, ascending = most urgent:
 * −60·(evidence + k·wait) = k·arrived − 60·evidence − k·now, minus the constant. Exact (no division).
 * Migration 004 indexes exactly this text with k = 5: keep them identical.
 */
export const urgencyIndexKeySql = (config: TriageConfig) => `(${Number(config.aging.pointsPerMinute)} * ${ARRIVED_EPOCH} - 60 * urgency_score::numeric)`;

function urgencyKeys(config: TriageConfig): SortKey[] {
  const k = Number(config.aging.pointsPerMinute);
  const tier = `(CASE WHEN urgency_level = 3 THEN 2 WHEN ${overdueSql} THEN 1 ELSE 0 END)`;
  // Among overdue studies only the wait counts (src/triage/order.ts withinTier): level and score tie.
  // Score key: −60·(evidence + k·max(0, now − arrived)/60) + k·now = k·min(arrived, now) − 60·evidence.
  return [
    { sql: `(-${tier})::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdueSql} THEN 0 ELSE -urgency_level END)::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdueSql} THEN 0 ELSE ${k} * LEAST(${ARRIVED_EPOCH}, ${NOW}) - 60 * urgency_score::numeric END)::numeric`, type: 'numeric' },
    { sql: 'arrived_at', type: 'timestamptz' },
  ];
}

/**
 * Index-friendly pieces of one sort order (see query.ts): disjoint row sets that, read each in its own
 * order and merged by the full keys, give the same page as the full ORDER BY. A part with `prefix`
 * has those constant values as its first keys and is read in the order of `tail` (the remaining keys,
 * written so that an index matches); a part without is read in the full key order (small sets).
 */
export interface SortPart {
  where: string;
  /** The urgency levels the part can hold (for skipping it under a level filter); all when absent. */
  levels?: number[];
  prefix?: number[];
  tail?: SortKey[];
}

const UID: SortKey = { sql: 'study_uid', type: 'text' };

function urgencyParts(config: TriageConfig): SortPart[] {
  return [
    // Critical, arrived by now: never overdue, one range of worklist_critical_by_urgency.
    {
      where: `urgency_level = 3 AND arrived_at <= ${NOW_TS}`,
      levels: [3],
      prefix: [-2, -3],
      tail: [{ sql: urgencyIndexKeySql(config), type: 'numeric' }, { sql: 'arrived_at', type: 'timestamptz' }, UID],
    },
    // Overdue: only the arrival counts (worklist_waiting_by_arrival).
    {
      where: `urgency_level < 3 AND arrived_at <= ${OVERDUE_BEFORE}`,
      levels: [0, 1, 2],
      prefix: [-1, 0, 0],
      tail: [{ sql: 'arrived_at', type: 'timestamptz' }, UID],
    },
    // The rest arrived within the last capMinutes (or after `now`): a short range of worklist_by_arrival.
    { where: `arrived_at > ${OVERDUE_BEFORE} AND NOT (urgency_level = 3 AND arrived_at <= ${NOW_TS})` },
  ];
}

/** Text column: the non-blank rows in natural order (an index range), then the blank ones. */
const textParts =
  (column: string, notNull: boolean) =>
  (dir: SortDirection): SortPart[] => [
    { where: `${column} <> ''`, prefix: [dir === 'asc' ? 0 : 1], tail: [{ sql: `(${column} ${NATURAL})`, type: 'text' }, UID] },
    {
      where: notNull ? `${column} = ''` : blank(column),
      prefix: [dir === 'asc' ? 1 : 0],
      tail: [{ sql: `(${notNull ? column : `COALESCE(${column}, '')`} ${NATURAL})`, type: 'text' }, UID],
    },
  ];

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
  priority: (dir: SortDirection): SortKey[] => [
    blankLast(`(${PRIORITY_RANK}) IS NULL`, dir),
    { sql: `COALESCE(${PRIORITY_RANK}, 9)::numeric`, type: 'numeric' },
  ],
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
  return [...SORT_COLUMNS[column](dir, config), UID];
}

/** Columns read in parts (query.ts); every other column is one ORDER BY over the filtered rows. */
const SORT_PARTS: Partial<Record<SortColumn, (dir: SortDirection, config: TriageConfig) => SortPart[]>> = {
  urgency: (_dir, config) => urgencyParts(config),
  patientName: textParts('patient_name', true),
  patientId: textParts('patient_id', true),
};

export function sortParts(column: SortColumn, dir: SortDirection, config: TriageConfig): SortPart[] {
  return SORT_PARTS[column]?.(dir, config) ?? [{ where: 'true' }];
}
