/**
 * GET /api/worklist as SQL: filters, a sort on any column, keyset pages (cursor) and the total.
 * Aging is applied here, at the query's time, from the stored evidence score and waiting_since (migration 011).
 */
import type pg from 'pg';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import type { TriageReason } from '../../src/domain/triage/types';
import { waitReasonText } from '../../src/domain/triage/waiting-since';
import type { AiStatus, AiSummary, IndexRow } from '../../src/domain/study/index-row';
import { CursorError, decodeCursor, encodeCursor, filtersFingerprint } from './cursor';
import { isLevelName, LEVEL_NUMBERS, levelName } from './levels';
import {
  effectiveScoreSql,
  isSortColumn,
  NOW,
  NOW_TS,
  OVERDUE_BEFORE,
  overdueSql,
  type PartValues,
  type SortColumn,
  type SortDirection,
  type SortKey,
  sortKeys,
  sortParts,
  waitMinutesSql,
} from './sort-keys';

export interface WorklistFilters {
  /** Free text: patient name, patient ID or accession (case-insensitive substring). */
  q?: string;
  modality?: string[];
  priority?: string[];
  level?: string[];
  /** Reading states: unread, in-progress, read. */
  status?: string[];
  aiStatus?: string[];
  flagged?: boolean;
}

export interface WorklistQuery {
  sort: SortColumn;
  dir: SortDirection;
  limit: number;
  cursor?: string;
  filters: WorklistFilters;
}

export interface WorklistPage {
  rows: IndexRow[];
  nextCursor: string | null;
  /** Studies matching the filters: exact when `totalExact`, else the planner's estimate (README "At scale"). */
  total: number;
  totalExact: boolean;
}

export class QueryError extends Error {}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const listOf = (value: unknown): string[] | undefined => {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

/** Query-string values (Fastify's parsed object) → a checked query; throws QueryError with the reason. */
export function parseWorklistQuery(raw: Record<string, unknown>): WorklistQuery {
  const sort = typeof raw.sort === 'string' && raw.sort !== '' ? raw.sort : 'urgency';
  if (!isSortColumn(sort)) throw new QueryError(`unknown sort column "${sort}"`);
  const dir = raw.dir === undefined || raw.dir === '' ? 'asc' : raw.dir;
  if (dir !== 'asc' && dir !== 'desc') throw new QueryError('dir must be asc or desc');
  const limit = raw.limit === undefined || raw.limit === '' ? DEFAULT_LIMIT : Number(raw.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new QueryError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  const level = listOf(raw.level)?.map((l) => l.toLowerCase());
  const unknownLevel = level?.find((l) => !isLevelName(l));
  if (unknownLevel) throw new QueryError(`unknown level "${unknownLevel}"`);
  const status = listOf(raw.status);
  const badStatus = status?.find((s) => !['unread', 'in-progress', 'read'].includes(s));
  if (badStatus) throw new QueryError(`unknown reading status "${badStatus}"`);
  const q = typeof raw.q === 'string' ? raw.q.trim().slice(0, 200) : '';
  const filters: WorklistFilters = {
    ...(q ? { q } : {}),
    ...(listOf(raw.modality) ? { modality: listOf(raw.modality)!.map((m) => m.toUpperCase()) } : {}),
    ...(listOf(raw.priority) ? { priority: listOf(raw.priority)!.map((p) => p.toUpperCase()) } : {}),
    ...(level ? { level } : {}),
    ...(status ? { status } : {}),
    ...(listOf(raw.ai) ? { aiStatus: listOf(raw.ai) } : {}),
    ...(raw.flagged === 'true' || raw.flagged === '1' || raw.flagged === true ? { flagged: true } : {}),
  };
  return { sort, dir, limit, filters, ...(typeof raw.cursor === 'string' && raw.cursor ? { cursor: raw.cursor } : {}) };
}

/** A study's modality text (values split by `\\`) holds one of the wanted modalities (a text[] parameter). */
const modalityMatch = (modality: string, wanted: string) => `string_to_array(${modality}, '\\') && ${wanted}::text[]`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** WHERE clauses for the filters; parameters are appended to `params`. */
function filterSql(filters: WorklistFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filters.q) {
    const p = param(likePattern(filters.q));
    where.push(`(patient_name ILIKE ${p} OR patient_id ILIKE ${p} OR accession ILIKE ${p})`);
  }
  if (filters.modality) where.push(modalityMatch('modality', param(filters.modality)));
  // One value as `=`: the planner then reads a (value, sort key) index in the sort's order (migration 014).
  const oneOf = (column: string, values: readonly unknown[], type: string) =>
    values.length === 1 ? `${column} = ${param(values[0])}::${type}` : `${column} = ANY(${param(values)}::${type}[])`;
  if (filters.priority) where.push(oneOf('upper(priority)', filters.priority, 'text'));
  if (filters.level)
    where.push(
      oneOf(
        'urgency_level',
        filters.level.map((l) => LEVEL_NUMBERS[l as keyof typeof LEVEL_NUMBERS]),
        'smallint',
      ),
    );
  if (filters.status) where.push(oneOf('reading_state', filters.status, 'text'));
  if (filters.aiStatus) where.push(oneOf('ai_status', filters.aiStatus, 'text'));
  if (filters.flagged) where.push('flagged');
  return where;
}

interface DbRow {
  study_uid: string;
  orthanc_id: string;
  patient_id: string;
  patient_name: string;
  patient_sex: string | null;
  patient_birth_date: string | null;
  accession: string | null;
  study_date: string | null;
  study_time: string | null;
  study_datetime: Date | null;
  modality: string | null;
  body_part: string | null;
  description: string | null;
  priority: string | null;
  series_count: number | null;
  instance_count: number | null;
  ai_status: AiStatus;
  ai_summary: AiSummary | null;
  flagged: boolean;
  urgency_level: number;
  urgency_score: number;
  urgency_reasons: TriageReason[];
  reading_state: IndexRow['readingState'];
  claimed_by: string | null;
  arrived_at: Date;
  acquired_at: Date | null;
  waiting_since: Date;
  updated_at: Date;
  effective_score: string;
  overdue: boolean;
  wait_minutes: string;
  keys: string[];
}

function toRow(row: DbRow, config: TriageConfig): IndexRow {
  const waitMinutes = Number(row.wait_minutes);
  const origin = row.acquired_at?.getTime() === row.waiting_since.getTime() ? 'acquisition' : 'arrival';
  const reasons = [
    ...row.urgency_reasons,
    { kind: 'waiting' as const, text: waitReasonText(waitMinutes, origin), points: config.aging.pointsPerMinute * waitMinutes },
  ];
  if (row.overdue) reasons.push({ kind: 'overdue', text: `waiting ≥ ${config.aging.capMinutes} min: promoted`, points: 0 });
  return {
    studyUid: row.study_uid,
    orthancId: row.orthanc_id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    patientSex: row.patient_sex,
    patientBirthDate: row.patient_birth_date,
    accession: row.accession,
    studyDate: row.study_date,
    studyTime: row.study_time,
    studyDateTime: row.study_datetime?.toISOString() ?? null,
    modality: row.modality,
    bodyPart: row.body_part,
    description: row.description,
    priority: row.priority,
    seriesCount: row.series_count ?? null,
    instanceCount: row.instance_count ?? null,
    aiStatus: row.ai_status,
    aiSummary: row.ai_summary,
    flagged: row.flagged,
    urgency: {
      level: levelName(row.urgency_level),
      score: Number(row.effective_score),
      evidenceScore: row.urgency_score,
      overdue: row.overdue,
      waitMinutes,
      reasons,
    },
    readingState: row.reading_state,
    claimedBy: row.claimed_by,
    arrivedAt: row.arrived_at.toISOString(),
    acquiredAt: row.acquired_at?.toISOString() ?? null,
    waitingSince: row.waiting_since.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface RunOptions {
  config?: TriageConfig;
  /** Epoch ms; default Date.now() (a cursor brings its own). */
  now?: number;
}

/** Filters whose total the counters of migration 004 (worklist_counts) answer exactly, at any size. */
const COUNTED_FILTERS: ReadonlySet<string> = new Set(['status', 'level', 'aiStatus', 'flagged']);
/**
 * Other filters are counted exactly up to this many rows; above it the total is the planner's estimate
 * (migration 014 gives it the modality statistics). Counting 10,000 CR studies at 1M took ~140 ms, 1,000 ~14 ms.
 */
export const EXACT_COUNT_LIMIT = 1_000;

/** Epoch microseconds → ISO 8601 with 6 decimals (a timestamptz literal, exact to PostgreSQL's resolution). */
function isoMicros(micros: number): string {
  const ms = Math.floor(micros / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(micros - ms * 1000).padStart(3, '0')}Z`);
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;
// '-infinity' is the blank study date/time (sort-keys.ts).
const TIMESTAMP_TEXT = /^(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d(:?\d\d){0,2})|-infinity)$/;

function checkCursorKeys(values: readonly string[], keys: readonly SortKey[]): void {
  const valid =
    values.length === keys.length &&
    values.every((value, i) => (keys[i].type === 'numeric' ? NUMERIC_TEXT.test(value) : keys[i].type === 'timestamptz' ? TIMESTAMP_TEXT.test(value) : true));
  if (!valid) throw new CursorError('invalid cursor');
}

/** Whether the filters leave out every value a part holds (sort-keys.ts SortPart.holds). */
function excludes(filters: WorklistFilters, holds: PartValues): boolean {
  const wanted = holds.filter === 'flagged' ? (filters.flagged ? ['true'] : undefined) : filters[holds.filter];
  return wanted !== undefined && !holds.values.some((value) => wanted.includes(value));
}

/** Sign of (prefix − the cursor's first keys), compared as numbers. */
function comparePrefix(prefix: readonly number[], values: readonly string[]): number {
  for (let i = 0; i < prefix.length; i++) {
    const value = Number(values[i]);
    if (prefix[i] !== value) return prefix[i] < value ? -1 : 1;
  }
  return 0;
}

/**
 * The total for the filters. Reading state / level / AI status / flagged (and none): the maintained
 * counters, exact and O(keys). Any other filter (text, modality, priority): counted exactly up to
 * EXACT_COUNT_LIMIT rows, beyond that the planner's estimate with totalExact = false — an exact count
 * of a large filtered set costs a scan of it (~100 ms and more at 1M studies).
 */
async function countRows(db: pg.Pool, filters: WorklistFilters): Promise<{ total: number; exact: boolean }> {
  const params: unknown[] = [];
  const where = filterSql(filters, params);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  if (Object.keys(filters).every((key) => COUNTED_FILTERS.has(key))) {
    const { rows } = await db.query<{ total: string }>(`SELECT COALESCE(sum(n), 0)::text AS total FROM worklist_counts ${whereSql}`, params);
    return { total: Number(rows[0].total), exact: true };
  }
  const capped = await db.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM (SELECT 1 FROM worklist ${whereSql} LIMIT ${EXACT_COUNT_LIMIT + 1}) AS capped`,
    params,
  );
  const counted = capped.rows[0].total;
  if (counted <= EXACT_COUNT_LIMIT) return { total: counted, exact: true };
  const plan = await db.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(`EXPLAIN (FORMAT JSON) SELECT 1 FROM worklist ${whereSql}`, params);
  return { total: Math.max(counted, Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows'])), exact: false };
}

/**
 * One page. The sort's parts (sort-keys.ts sortParts) are each read in index order up to limit + 1 rows
 * after the cursor, and the union is ordered by the full keys: the same rows as one ORDER BY over the
 * whole filtered set, but each part is an index range instead of a sort of every row.
 */
export async function queryWorklist(db: pg.Pool, query: WorklistQuery, options: RunOptions = {}): Promise<WorklistPage> {
  const config = options.config ?? DEFAULT_TRIAGE_CONFIG;
  const page = worklistPageSql(query, options);
  const counting = countRows(db, query.filters);
  counting.catch(() => undefined);
  const [found, count] = await Promise.all([page.sql ? db.query<DbRow>(page.sql, page.params) : Promise.resolve({ rows: [] as DbRow[] }), counting]);
  const more = found.rows.length > query.limit;
  const rows = more ? found.rows.slice(0, query.limit) : found.rows;
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((row) => toRow(row, config)),
    nextCursor: more && last ? encodeCursor({ sort: query.sort, dir: query.dir, now: page.now, filters: page.fingerprint, keys: last.keys }) : null,
    total: count.total,
    totalExact: count.exact,
  };
}

/**
 * A part read one range per distinct value of `key` among the part's rows (`partWhere`, in `key` order) whose
 * modality matches the filter: a walk of the key's index (one descent per distinct value, a few dozen), then an
 * equality range of the same index per value kept. Without it a filter on a modality late in the sort's order
 * walks every study before it (3.4 s at 1M studies, sort=modality desc, modality=CR).
 */
function perValueSql(key: string, partWhere: string, range: (extra: string[]) => string, modalityParam: string): string {
  const next = (after: string | null) => `SELECT ${key} FROM worklist WHERE ${partWhere}${after ? ` AND ${key} > ${after}` : ''} ORDER BY ${key} LIMIT 1`;
  return `(WITH RECURSIVE value_walk(v) AS ((${next(null)}) UNION ALL SELECT (${next('value_walk.v')}) FROM value_walk WHERE value_walk.v IS NOT NULL)
    SELECT per_value.* FROM value_walk CROSS JOIN LATERAL (${range([`${key} = value_walk.v`])}) AS per_value
    WHERE value_walk.v IS NOT NULL AND ${modalityMatch('value_walk.v', modalityParam)})`;
}

/** The SQL of one page (what queryWorklist runs; null when the filters exclude every part) and its query time. */
export function worklistPageSql(query: WorklistQuery, options: RunOptions = {}): { sql: string | null; params: unknown[]; now: number; fingerprint: string } {
  const config = options.config ?? DEFAULT_TRIAGE_CONFIG;
  const fingerprint = filtersFingerprint(query.filters);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (cursor && (cursor.sort !== query.sort || cursor.dir !== query.dir || cursor.filters !== fingerprint)) {
    throw new CursorError('the cursor belongs to another sort or filter: start again without it');
  }
  const now = Math.round(cursor?.now ?? options.now ?? Date.now());
  const keys = sortKeys(query.sort, query.dir, config);
  if (cursor) checkCursorKeys(cursor.keys, keys);

  const params: unknown[] = [];
  // Each time parameter is added on its first use (PostgreSQL refuses a parameter it cannot type).
  const lazy = (value: string, type: string) => {
    let name: string | null = null;
    return () => (name ??= `$${params.push(value)}::${type}`);
  };
  const nowParam = lazy(String(now / 1000), 'numeric');
  const nowTsParam = lazy(new Date(now).toISOString(), 'timestamptz');
  const overdueParam = lazy(isoMicros(Math.round(now * 1000 - Number(config.aging.capMinutes) * 60e6)), 'timestamptz');
  const replace = (sql: string, name: string, param: () => string) => (sql.includes(name) ? sql.split(name).join(param()) : sql);
  // NOW_TS before NOW: the one name starts with the other.
  const bind = (sql: string) => replace(replace(replace(sql, NOW_TS, nowTsParam), OVERDUE_BEFORE, overdueParam), NOW, nowParam);
  const filters = filterSql(query.filters, params);
  let modalityParam: string | null = null;
  const wantedModalities = () => (modalityParam ??= `$${params.push(query.filters.modality)}`);
  const dir = query.dir.toUpperCase();
  const op = query.dir === 'asc' ? '>' : '<';
  const cursorParams = cursor ? cursor.keys.map((value, i) => lazy(value, keys[i].type)) : [];
  const cursorValues = (from = 0) =>
    cursorParams
      .slice(from)
      .map((param) => param())
      .join(', ');
  const limitParam = `$${params.push(query.limit + 1)}`;
  const keyColumns = keys.map((k, i) => `(${bind(k.sql)}) AS k${i}`).join(', ');
  const orderBy = (list: readonly SortKey[]) => list.map((k) => `${bind(k.sql)} ${dir}`).join(', ');

  const selects: string[] = [];
  for (const part of sortParts(query.sort, query.dir, config)) {
    if (part.holds && excludes(query.filters, part.holds)) continue;
    const where = [...filters, `(${bind(part.where)})`];
    let order = orderBy(keys);
    if (part.prefix && part.tail) {
      order = orderBy(part.tail);
      if (cursor) {
        const side = comparePrefix(part.prefix, cursor.keys) * (query.dir === 'asc' ? 1 : -1);
        if (side < 0) continue; // the whole part lies before the cursor
        if (side === 0) where.push(`(${part.tail.map((k) => bind(k.sql)).join(', ')}) ${op} (${cursorValues(part.prefix.length)})`);
      }
    } else if (cursor) {
      where.push(`(${keys.map((k) => bind(k.sql)).join(', ')}) ${op} (${cursorValues()})`);
    }
    const range = (extra: string[]) =>
      `SELECT *, ${keyColumns} FROM worklist WHERE ${[...where, ...extra].join(' AND ')} ORDER BY ${order} LIMIT ${limitParam}`;
    selects.push(
      part.perModality && query.filters.modality ? perValueSql(part.perModality.sql, bind(part.where), range, wantedModalities()) : `(${range([])})`,
    );
  }
  const sql = `SELECT *, ${bind(effectiveScoreSql(config))}::text AS effective_score, ${bind(overdueSql)} AS overdue,
      ${bind(waitMinutesSql)}::text AS wait_minutes, ARRAY[${keys.map((_k, i) => `k${i}::text`).join(', ')}] AS keys
    FROM (${selects.join(' UNION ALL ')}) AS parts ORDER BY ${keys.map((_k, i) => `k${i} ${dir}`).join(', ')} LIMIT ${limitParam}`;
  return { sql: selects.length ? sql : null, params, now, fingerprint };
}
