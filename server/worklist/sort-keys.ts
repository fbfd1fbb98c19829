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

/** Blank rows after the others whatever the direction. */
const blankLast = (isBlank: string, dir: SortDirection): SortKey => ({
  sql: dir === 'asc' ? `(CASE WHEN ${isBlank} THEN 1 ELSE 0 END)::numeric` : `(CASE WHEN ${isBlank} THEN 0 ELSE 1 END)::numeric`,
  type: 'numeric',
});

/** Natural order (numbers inside text as numbers), migration 007; the indexes are written with it. */
export const NATURAL = 'COLLATE dokuei_natural';

export const waitMinutesSql = `GREATEST(0, (${NOW} - extract(epoch FROM waiting_since)) / 60)`;
/** Overdue (src/triage/urgency.ts): not critical and waited ≥ capMinutes, i.e. arrived ≤ now − cap. */
export const overdueSql = `(urgency_level < 3 AND waiting_since <= ${OVERDUE_BEFORE})`;
/** Evidence points plus aging points at the query time (what urgency.ts calls score). */
export const effectiveScoreSql = (config: TriageConfig) => `(urgency_score::numeric + ${Number(config.aging.pointsPerMinute)} * ${waitMinutesSql})`;

/** waiting_since (acquisition or arrival, migration 011) in epoch seconds, written in its IMMUTABLE form (usable in an index). */
const WAITING_EPOCH = `extract(epoch FROM (waiting_since - '1970-01-01 00:00:00+00'::timestamptz))`;

/**
 * The time-invariant urgency key of a study that arrived at or before `now`, ascending = most urgent:
 * −60·(evidence + k·wait) = k·arrived − 60·evidence − k·now, minus the constant. Exact (no division).
 * Migration 004 indexes exactly this text with k = 5: keep them identical.
 */
export const urgencyIndexKeySql = (config: TriageConfig) => `(${Number(config.aging.pointsPerMinute)} * ${WAITING_EPOCH} - 60 * urgency_score::numeric)`;

function urgencyKeys(config: TriageConfig): SortKey[] {
  const k = Number(config.aging.pointsPerMinute);
  const tier = `(CASE WHEN urgency_level = 3 THEN 2 WHEN ${overdueSql} THEN 1 ELSE 0 END)`;
  // Among overdue studies only the wait counts (src/triage/order.ts withinTier): level and score tie.
  // Score key: −60·(evidence + k·max(0, now − arrived)/60) + k·now = k·min(arrived, now) − 60·evidence.
  return [
    { sql: `(-${tier})::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdueSql} THEN 0 ELSE -urgency_level END)::numeric`, type: 'numeric' },
    { sql: `(CASE WHEN ${overdueSql} THEN 0 ELSE ${k} * LEAST(${WAITING_EPOCH}, ${NOW}) - 60 * urgency_score::numeric END)::numeric`, type: 'numeric' },
    { sql: 'waiting_since', type: 'timestamptz' },
  ];
}

/**
 * Index-friendly pieces of one sort order (see query.ts): disjoint row sets that, read each in its own
 * order and merged by the full keys, give the same page as the full ORDER BY. A part with `prefix`
 * has those constant values as its first keys and is read in the order of `tail` (the remaining keys,
 * written so that an index matches); a part without is read in the full key order (small sets).
 */
/** A filter of GET /api/worklist on one column (query.ts WorklistFilters), with its values as the query names them. */
export interface PartValues {
  filter: 'level' | 'status' | 'aiStatus' | 'flagged';
  values: string[];
}

export interface SortPart {
  where: string;
  /**
   * The values of one filterable column the part can hold: a filter on that column without any of them
   * leaves the part out (PostgreSQL does not prove `reading_state = 'read' AND reading_state = ANY('{unread}')`
   * empty: it would walk the range). Any value when absent.
   */
  holds?: PartValues;
  prefix?: number[];
  tail?: SortKey[];
  /**
   * With a modality filter, this part is read one range of `tail` per distinct value of this key (its
   * first), found by a walk of its index (query.ts): the filter's studies may lie past most of the range.
   */
  perModality?: SortKey;
}

const UID: SortKey = { sql: 'study_uid', type: 'text' };

function urgencyParts(config: TriageConfig): SortPart[] {
  return [
    // Critical, arrived by now: never overdue, one range of worklist_critical_by_urgency.
    {
      where: `urgency_level = 3 AND waiting_since <= ${NOW_TS}`,
      holds: { filter: 'level', values: ['critical'] },
      prefix: [-2, -3],
      tail: [{ sql: urgencyIndexKeySql(config), type: 'numeric' }, { sql: 'waiting_since', type: 'timestamptz' }, UID],
    },
    // Overdue: only the arrival counts (worklist_waiting_by_arrival).
    {
      where: `urgency_level < 3 AND waiting_since <= ${OVERDUE_BEFORE}`,
      holds: { filter: 'level', values: ['low', 'routine', 'urgent'] },
      prefix: [-1, 0, 0],
      tail: [{ sql: 'waiting_since', type: 'timestamptz' }, UID],
    },
    // The rest arrived within the last capMinutes (or after `now`): a short range of worklist_by_arrival.
    { where: `waiting_since > ${OVERDUE_BEFORE} AND NOT (urgency_level = 3 AND waiting_since <= ${NOW_TS})` },
  ];
}

/**
 * A column with blank values as one never-null value V whose blank is its least value: blank rows last in
 * both directions (a flag key), the others in V order. Read in two parts, each a range of an index on
 * (V, study_uid) (migrations 007, 009): V > blank in V order, then V = blank in study_uid order.
 */
interface Blankable {
  value: string;
  type: KeyType;
  blank: string;
}

const blankable = (c: Blankable): SortOrder => ({
  keys: (dir) => [blankLast(`${c.value} = ${c.blank}`, dir), { sql: c.value, type: c.type }],
  parts: (dir) => [
    { where: `${c.value} > ${c.blank}`, prefix: [dir === 'asc' ? 0 : 1], tail: [{ sql: c.value, type: c.type }, UID] },
    { where: `${c.value} = ${c.blank}`, prefix: [dir === 'asc' ? 1 : 0], tail: [{ sql: c.value, type: c.type }, UID] },
  ],
});

/** Natural text order; null and '' are both blank. */
const text = (column: string, notNull = false) =>
  blankable({ value: `(${notNull ? column : `COALESCE(${column}, '')`} ${NATURAL})`, type: 'text', blank: "''" });

/**
 * A column of a few values (a CHECK constraint lists them), ordered by rank: one part per value, each an
 * equality range of an index on (column, study_uid) read in study_uid order. A filter on the same column
 * leaves the other values' parts out (`holds`) instead of walking their ranges.
 */
function ranked(column: string, values: readonly string[], filter: PartValues['filter'], filterValues: readonly string[] = values): SortOrder {
  const literal = (value: string) => (/^\d+$|^(true|false)$/.test(value) ? value : `'${value}'`);
  const rank = `(CASE ${column} ${values.map((value, i) => `WHEN ${literal(value)} THEN ${i}`).join(' ')} END)::numeric`;
  return {
    keys: () => [{ sql: rank, type: 'numeric' }],
    parts: () => values.map((value, i) => ({ where: `${column} = ${literal(value)}`, prefix: [i], tail: [UID], holds: { filter, values: [filterValues[i]] } })),
  };
}

/** The modality order, whose non-blank part a modality filter reads per distinct value (SortPart.perModality). */
function perModality(order: SortOrder): SortOrder {
  return { keys: order.keys, parts: (dir, config) => order.parts!(dir, config).map((part, i) => (i === 0 ? { ...part, perModality: part.tail![0] } : part)) };
}

/** A NOT NULL column in its own order: one range of an index on (column, study_uid). */
const plain = (column: string, type: KeyType): SortOrder => ({ keys: () => [{ sql: column, type }] });

/**
 * Score (evidence + aging points at `now`) ascending is the order of 60·score − k·now = 60·evidence − k·min(arrived, now):
 * for studies that arrived by `now` a per-row, time-invariant key (indexed by migration 010 for k = 5, like
 * urgencyIndexKeySql); the few that arrive after the query time are a short range sorted in full.
 */
const scoreIndexKeySql = (k: number) => `(60 * urgency_score::numeric - ${k} * ${WAITING_EPOCH})`;
const score: SortOrder = {
  keys: (_dir, config) => [
    { sql: `(60 * urgency_score::numeric - ${Number(config.aging.pointsPerMinute)} * LEAST(${WAITING_EPOCH}, ${NOW}))`, type: 'numeric' },
  ],
  parts: (_dir, config) => [
    { where: `waiting_since <= ${NOW_TS}`, prefix: [], tail: [{ sql: scoreIndexKeySql(Number(config.aging.pointsPerMinute)), type: 'numeric' }, UID] },
    { where: `waiting_since > ${NOW_TS}` },
  ],
};

const PRIORITY_RANK = `CASE upper(priority) WHEN 'STAT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'ROUTINE' THEN 3 WHEN 'LOW' THEN 4 END`;

/** How a column sorts: its keys (study_uid is appended) and, when an index serves it, its parts. */
interface SortOrder {
  keys: (dir: SortDirection, config: TriageConfig) => SortKey[];
  parts?: (dir: SortDirection, config: TriageConfig) => SortPart[];
}

/** Column name in the API → its order. `urgency` asc = most urgent first (the triage order). */
export const SORT_COLUMNS = {
  urgency: { keys: (_dir, config) => urgencyKeys(config), parts: (_dir, config) => urgencyParts(config) },
  level: ranked('urgency_level', ['0', '1', '2', '3'], 'level', ['low', 'routine', 'urgent', 'critical']),
  score,
  patientName: text('patient_name', true),
  patientId: text('patient_id', true),
  patientSex: text('patient_sex'),
  patientBirthDate: text('patient_birth_date'),
  accession: text('accession'),
  studyDateTime: blankable({ value: "COALESCE(study_datetime, '-infinity'::timestamptz)", type: 'timestamptz', blank: "'-infinity'::timestamptz" }),
  modality: perModality(text('modality')),
  bodyPart: text('body_part'),
  description: text('description'),
  priority: blankable({ value: `COALESCE(${PRIORITY_RANK}, -1)::numeric`, type: 'numeric', blank: '-1' }),
  aiStatus: ranked('ai_status', ['done', 'not-applicable', 'no-model', 'failed', 'pending'], 'aiStatus'),
  aiSummary: text(`(ai_summary->'positives'->>0)`),
  flagged: ranked('flagged', ['false', 'true'], 'flagged'),
  readingState: ranked('reading_state', ['unread', 'in-progress', 'read'], 'status'),
  claimedBy: text('claimed_by'),
  arrivedAt: plain('arrived_at', 'timestamptz'),
  updatedAt: plain('updated_at', 'timestamptz'),
} satisfies Record<string, SortOrder>;

export type SortColumn = keyof typeof SORT_COLUMNS;
export const isSortColumn = (value: string): value is SortColumn => Object.hasOwn(SORT_COLUMNS, value);

export function sortKeys(column: SortColumn, dir: SortDirection, config: TriageConfig): SortKey[] {
  return [...SORT_COLUMNS[column].keys(dir, config), UID];
}

/** The parts a column is read in (query.ts); without an index, one ORDER BY over the filtered rows. */
export function sortParts(column: SortColumn, dir: SortDirection, config: TriageConfig): SortPart[] {
  const order: SortOrder = SORT_COLUMNS[column];
  return order.parts?.(dir, config) ?? [{ where: 'true' }];
}
