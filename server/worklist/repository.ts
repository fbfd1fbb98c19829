/**
 * Writes to the worklist index. Each write recomputes the stored urgency (evidence only) from the
 * row's priority and AI summary; the database trigger (migration 002) sends NOTIFY worklist_changed.
 * Functions take a pool or a client in a transaction (the watcher stores its cursor in the same one).
 */
import type pg from 'pg';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import { isFlagged } from './ai-summary';
import type { AiSummary } from '../../src/domain/study/index-row';
import type { ReadingFields } from './reading-fields';
import type { StudyFields } from './study-fields';
import { evidenceUrgency } from './urgency';
import { waitingSince } from '../../src/domain/triage/waiting-since';

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Runs `work` in one transaction on one pooled connection (`begin` may set its isolation and access mode). */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface UpsertOptions {
  /** When a new row arrived (default now); an existing row keeps its arrival. */
  arrivedAt?: Date;
  reading?: ReadingFields;
  config?: TriageConfig;
}

/** One study of a batched upsert. */
export interface StudyUpsert {
  fields: StudyFields;
  /** When a new row arrived (default now); an existing row keeps its arrival. */
  arrivedAt?: Date;
  reading?: ReadingFields;
}

export interface UpsertOutcome {
  /** The row's ai_model_key before the upsert (null when not analysed): tells the caller whether to enqueue. */
  aiModelKey: string | null;
  inserted: boolean;
}

interface PreviousRow {
  study_uid: string;
  ai_summary: AiSummary | null;
  ai_model_key: string | null;
  arrived_at: Date;
  acquired_at: Date | null;
}

/** The earlier of two acquisition times: a later instance may carry an earlier acquisition. */
function earliest(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a || !b) return a ?? b ?? null;
  return a.getTime() <= b.getTime() ? a : b;
}

/** Inserts or refreshes one study's fields (see upsertStudies). */
export async function upsertStudy(db: Queryable, fields: StudyFields, options: UpsertOptions = {}): Promise<UpsertOutcome> {
  const outcomes = await upsertStudies(
    db,
    [{ fields, ...(options.arrivedAt ? { arrivedAt: options.arrivedAt } : {}), ...(options.reading ? { reading: options.reading } : {}) }],
    options.config,
  );
  return outcomes.get(fields.studyUid)!;
}

/**
 * Inserts or refreshes studies' fields in one read and one write, whatever their number. The AI
 * summary of an existing row is kept (it is the worker's); the urgency is recomputed because the
 * priority may have changed. An existing row keeps its arrival; its acquisition time moves earlier
 * when the study now holds an earlier instance, and its wait origin follows. Rows are locked in
 * study_uid order so that concurrent batches cannot deadlock. Returns each study's outcome by UID.
 */
export async function upsertStudies(
  db: Queryable,
  items: readonly StudyUpsert[],
  config: TriageConfig = DEFAULT_TRIAGE_CONFIG,
): Promise<Map<string, UpsertOutcome>> {
  // One statement cannot touch a row twice: the last item of a study wins.
  const byUid = new Map(items.map((item) => [item.fields.studyUid, item]));
  const uids = [...byUid.keys()].sort();
  const previous = await db.query<PreviousRow>(
    `SELECT study_uid, ai_summary, ai_model_key, arrived_at, acquired_at FROM worklist
      WHERE study_uid = ANY($1::text[]) ORDER BY study_uid FOR UPDATE`,
    [uids],
  );
  const previousOf = new Map(previous.rows.map((row) => [row.study_uid, row]));
  const now = new Date();
  const records = uids.map((uid) => {
    const { fields, reading, arrivedAt } = byUid.get(uid)!;
    const before = previousOf.get(uid);
    const urgency = evidenceUrgency(fields.priority, before?.ai_summary ?? null, config);
    const arrived = before?.arrived_at ?? arrivedAt ?? now;
    const acquired = earliest(before?.acquired_at, fields.acquiredAt);
    const since = waitingSince(acquired?.getTime() ?? null, arrived.getTime(), config.aging.acquisitionWindowHours);
    return {
      study_uid: uid,
      orthanc_id: fields.orthancId,
      patient_id: fields.patientId,
      patient_name: fields.patientName,
      patient_sex: fields.patientSex,
      patient_birth_date: fields.patientBirthDate,
      accession: fields.accession,
      study_date: fields.studyDate,
      study_time: fields.studyTime,
      study_datetime: fields.studyDateTime,
      modality: fields.modality,
      body_part: fields.bodyPart,
      description: fields.description,
      priority: fields.priority,
      urgency_level: urgency.level,
      urgency_score: urgency.score,
      urgency_reasons: urgency.reasons,
      reading_state: reading?.readingState ?? null,
      claimed_by: reading?.claimedBy ?? null,
      arrived_at: arrived,
      series_count: fields.seriesCount ?? null,
      instance_count: fields.instanceCount ?? null,
      acquired_at: acquired,
      waiting_since: new Date(since.at),
    };
  });
  // The records carry the table's own column names: jsonb_populate_recordset types them by the table.
  // A study given without reading state ($2) keeps the row's; a new row starts unread.
  await db.query(
    `INSERT INTO worklist (study_uid, orthanc_id, patient_id, patient_name, patient_sex, patient_birth_date, accession,
       study_date, study_time, study_datetime, modality, body_part, description, priority,
       urgency_level, urgency_score, urgency_reasons, reading_state, claimed_by, arrived_at, series_count, instance_count,
       acquired_at, waiting_since)
     SELECT study_uid, orthanc_id, patient_id, patient_name, patient_sex, patient_birth_date, accession,
       study_date, study_time, study_datetime, modality, body_part, description, priority,
       urgency_level, urgency_score, urgency_reasons, COALESCE(reading_state, 'unread'), claimed_by, arrived_at, series_count,
       instance_count, acquired_at, waiting_since
     FROM jsonb_populate_recordset(NULL::worklist, $1::jsonb)
     ON CONFLICT (study_uid) DO UPDATE SET
       orthanc_id = EXCLUDED.orthanc_id, patient_id = EXCLUDED.patient_id, patient_name = EXCLUDED.patient_name,
       patient_sex = EXCLUDED.patient_sex, patient_birth_date = EXCLUDED.patient_birth_date, accession = EXCLUDED.accession,
       study_date = EXCLUDED.study_date, study_time = EXCLUDED.study_time, study_datetime = EXCLUDED.study_datetime,
       modality = EXCLUDED.modality, body_part = EXCLUDED.body_part, description = EXCLUDED.description,
       priority = EXCLUDED.priority, urgency_level = EXCLUDED.urgency_level, urgency_score = EXCLUDED.urgency_score,
       urgency_reasons = EXCLUDED.urgency_reasons, series_count = EXCLUDED.series_count, instance_count = EXCLUDED.instance_count,
       acquired_at = LEAST(worklist.acquired_at, EXCLUDED.acquired_at), waiting_since = EXCLUDED.waiting_since,
       reading_state = CASE WHEN EXCLUDED.study_uid = ANY($2::text[]) THEN worklist.reading_state ELSE EXCLUDED.reading_state END,
       claimed_by = CASE WHEN EXCLUDED.study_uid = ANY($2::text[]) THEN worklist.claimed_by ELSE EXCLUDED.claimed_by END,
       updated_at = now()`,
    [JSON.stringify(records), uids.filter((uid) => !byUid.get(uid)!.reading)],
  );
  // The upsert scored each study alone: its "new since prior" reasons come back here.
  for (const uid of uids) if (previousOf.get(uid)?.ai_summary) await rescorePatient(db, uid, config);
  return new Map(uids.map((uid) => [uid, { aiModelKey: previousOf.get(uid)?.ai_model_key ?? null, inserted: !previousOf.has(uid) }]));
}

/**
 * Re-scores a patient's analysed studies against each one's prior (the newest earlier exam analysed
 * by the same model build): a finding positive now and negative before is "new since prior". Run
 * after any AI or study change, since the prior may be indexed after the follow-up.
 */
export async function rescorePatient(db: Queryable, studyUid: string, config: TriageConfig = DEFAULT_TRIAGE_CONFIG): Promise<void> {
  const { rows } = await db.query<{ study_uid: string; priority: string | null; ai_summary: AiSummary | null; ai_model_key: string | null }>(
    `SELECT study_uid, priority, ai_summary, ai_model_key FROM worklist
      WHERE patient_id = (SELECT patient_id FROM worklist WHERE study_uid = $1) AND patient_id <> ''
      ORDER BY study_datetime NULLS FIRST, study_uid`,
    [studyUid],
  );
  if (rows.length < 2) return;
  const lastByModel = new Map<string, AiSummary>();
  for (const row of rows) {
    if (!row.ai_summary || row.ai_summary.status !== 'done' || !row.ai_model_key) continue;
    const prior = lastByModel.get(row.ai_model_key) ?? null;
    if (prior) {
      const urgency = evidenceUrgency(row.priority, row.ai_summary, config, prior);
      await db.query(
        'UPDATE worklist SET urgency_level = $2, urgency_score = $3, urgency_reasons = $4 WHERE study_uid = $1 AND urgency_reasons IS DISTINCT FROM $4::jsonb',
        [row.study_uid, urgency.level, urgency.score, JSON.stringify(urgency.reasons)],
      );
    }
    lastByModel.set(row.ai_model_key, row.ai_summary);
  }
}

/** Stores the worker's AI summary and the urgency it implies; false when the study has no row. */
export async function setAiSummary(db: Queryable, studyUid: string, summary: AiSummary, config: TriageConfig = DEFAULT_TRIAGE_CONFIG): Promise<boolean> {
  const row = await db.query<{ priority: string | null }>('SELECT priority FROM worklist WHERE study_uid = $1 FOR UPDATE', [studyUid]);
  if (row.rowCount === 0) return false;
  const urgency = evidenceUrgency(row.rows[0].priority, summary, config);
  await db.query(
    `UPDATE worklist SET ai_summary = $2, ai_model_key = $3, ai_status = $4, flagged = $5,
       urgency_level = $6, urgency_score = $7, urgency_reasons = $8, updated_at = now()
     WHERE study_uid = $1`,
    [studyUid, JSON.stringify(summary), summary.modelKey, summary.status, isFlagged(summary), urgency.level, urgency.score, JSON.stringify(urgency.reasons)],
  );
  await rescorePatient(db, studyUid, config);
  return true;
}

/**
 * Reading state by StudyInstanceUID or, from the change feed, by Orthanc study id; true when the row changed.
 * A change the row does not carry (an acknowledgement) is still announced: pages re-read the reading states on it.
 */
export async function setReadingState(db: Queryable, key: { studyUid: string } | { orthancId: string }, reading: ReadingFields): Promise<boolean> {
  const [column, value] = 'studyUid' in key ? ['study_uid', key.studyUid] : ['orthanc_id', key.orthancId];
  const result = await db.query(
    `UPDATE worklist SET reading_state = $2, claimed_by = $3, updated_at = now()
     WHERE ${column} = $1 AND (reading_state, claimed_by) IS DISTINCT FROM ($2, $3)`,
    [value, reading.readingState, reading.claimedBy],
  );
  if ((result.rowCount ?? 0) > 0) return true;
  await db.query(`SELECT pg_notify('worklist_changed', study_uid) FROM worklist WHERE ${column} = $1`, [value]);
  return false;
}

export async function deleteByOrthancId(db: Queryable, orthancId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM worklist WHERE orthanc_id = $1', [orthancId]);
  return (result.rowCount ?? 0) > 0;
}

export async function aiModelKeyOf(
  db: Queryable,
  studyUid: string,
): Promise<{ exists: boolean; aiModelKey: string | null; aiStatus: string | null; firstImageKnown: boolean }> {
  const { rows } = await db.query<{ ai_model_key: string | null; ai_status: string; first_image_known: boolean }>(
    'SELECT ai_model_key, ai_status, first_image IS NOT NULL AS first_image_known FROM worklist WHERE study_uid = $1',
    [studyUid],
  );
  return {
    exists: rows.length > 0,
    aiModelKey: rows[0]?.ai_model_key ?? null,
    aiStatus: rows[0]?.ai_status ?? null,
    firstImageKnown: rows[0]?.first_image_known ?? false,
  };
}
