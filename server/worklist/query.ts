/**
 * GET /api/worklist as SQL: filters, a sort on any column, keyset pages (cursor) and the total.
 * Aging is applied here, at the query's time, from the stored evidence score and arrived_at.
 */
import type pg from 'pg';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import type { TriageReason } from '../../src/domain/triage/types';
import type { AiStatus, AiSummary } from './ai-summary';
import { CursorError, decodeCursor, encodeCursor, filtersFingerprint } from './cursor';
import { isLevelName, LEVEL_NUMBERS, levelName } from './levels';
import { effectiveScoreSql, isSortColumn, NOW, overdueSql, type SortColumn, type SortDirection, sortKeys, waitMinutesSql } from './sort-keys';

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

export interface WorklistRow {
  studyUid: string;
  orthancId: string;
  patientId: string;
  patientName: string;
  patientSex: string | null;
  patientBirthDate: string | null;
  accession: string | null;
  studyDate: string | null;
  studyTime: string | null;
  studyDateTime: string | null;
  modality: string | null;
  bodyPart: string | null;
  description: string | null;
  priority: string | null;
  aiStatus: AiStatus;
  aiSummary: AiSummary | null;
  flagged: boolean;
  urgency: {
    level: string;
    /** Evidence + aging points at the query time. */
    score: number;
    evidenceScore: number;
    overdue: boolean;
    waitMinutes: number;
    reasons: TriageReason[];
  };
  readingState: 'unread' | 'in-progress' | 'read';
  claimedBy: string | null;
  arrivedAt: string;
  updatedAt: string;
}

export interface WorklistPage {
  rows: WorklistRow[];
  nextCursor: string | null;
  total: number;
}

export class QueryError extends Error {}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

const listOf = (value: unknown): string[] | undefined => {
  const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
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

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** WHERE clauses for the filters; parameters are appended to `params`. */
function filterSql(filters: WorklistFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (filters.q) {
    const p = param(likePattern(filters.q));
    where.push(`(patient_name ILIKE ${p} OR patient_id ILIKE ${p} OR accession ILIKE ${p})`);
  }
  if (filters.modality) where.push(`string_to_array(modality, '\\') && ${param(filters.modality)}::text[]`);
  if (filters.priority) where.push(`upper(priority) = ANY(${param(filters.priority)}::text[])`);
  if (filters.level) where.push(`urgency_level = ANY(${param(filters.level.map((l) => LEVEL_NUMBERS[l as keyof typeof LEVEL_NUMBERS]))}::smallint[])`);
  if (filters.status) where.push(`reading_state = ANY(${param(filters.status)}::text[])`);
  if (filters.aiStatus) where.push(`ai_status = ANY(${param(filters.aiStatus)}::text[])`);
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
  ai_status: AiStatus;
  ai_summary: AiSummary | null;
  flagged: boolean;
  urgency_level: number;
  urgency_score: number;
  urgency_reasons: TriageReason[];
  reading_state: WorklistRow['readingState'];
  claimed_by: string | null;
  arrived_at: Date;
  updated_at: Date;
  effective_score: string;
  overdue: boolean;
  wait_minutes: string;
  keys: string[];
}

function toRow(row: DbRow, config: TriageConfig): WorklistRow {
  const waitMinutes = Number(row.wait_minutes);
  const reasons = [...row.urgency_reasons, { kind: 'waiting' as const, text: `waiting ${Math.floor(waitMinutes)} min`, points: config.aging.pointsPerMinute * waitMinutes }];
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
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface RunOptions {
  config?: TriageConfig;
  /** Epoch ms; default Date.now() (a cursor brings its own). */
  now?: number;
}

export async function queryWorklist(db: pg.Pool, query: WorklistQuery, options: RunOptions = {}): Promise<WorklistPage> {
  const config = options.config ?? DEFAULT_TRIAGE_CONFIG;
  const fingerprint = filtersFingerprint(query.filters);
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  if (cursor && (cursor.sort !== query.sort || cursor.dir !== query.dir || cursor.filters !== fingerprint)) {
    throw new CursorError('the cursor belongs to another sort or filter: start again without it');
  }
  const now = cursor?.now ?? options.now ?? Date.now();
  const keys = sortKeys(query.sort, query.dir, config);
  if (cursor && cursor.keys.length !== keys.length) throw new CursorError('invalid cursor');

  const params: unknown[] = [];
  const nowParam = `$${params.push(String(now / 1000))}::numeric`;
  const withNow = (sql: string) => sql.split(NOW).join(nowParam);
  const where = filterSql(query.filters, params);
  const countParams: unknown[] = [];
  const countWhere = filterSql(query.filters, countParams);
  if (cursor) {
    const op = query.dir === 'asc' ? '>' : '<';
    const values = cursor.keys.map((value, i) => `$${params.push(value)}::${keys[i].type}`);
    where.push(`(${keys.map((k) => withNow(k.sql)).join(', ')}) ${op} (${values.join(', ')})`);
  }
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = keys.map((k) => `${withNow(k.sql)} ${query.dir.toUpperCase()}`).join(', ');
  const limitParam = `$${params.push(query.limit + 1)}`;
  const sql = `SELECT *, ${withNow(effectiveScoreSql(config))}::text AS effective_score, ${withNow(overdueSql(config))} AS overdue,
      ${withNow(waitMinutesSql)}::text AS wait_minutes, ARRAY[${keys.map((k) => `(${withNow(k.sql)})::text`).join(', ')}] AS keys
    FROM worklist ${whereSql} ORDER BY ${order} LIMIT ${limitParam}`;
  const countSql = `SELECT count(*)::int AS total FROM worklist ${countWhere.length ? `WHERE ${countWhere.join(' AND ')}` : ''}`;
  const [page, count] = await Promise.all([db.query<DbRow>(sql, params), db.query<{ total: number }>(countSql, countParams)]);
  const more = page.rows.length > query.limit;
  const rows = more ? page.rows.slice(0, query.limit) : page.rows;
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((row) => toRow(row, config)),
    nextCursor: more && last ? encodeCursor({ sort: query.sort, dir: query.dir, now, filters: fingerprint, keys: last.keys }) : null,
    total: count.rows[0]?.total ?? 0,
  };
}
