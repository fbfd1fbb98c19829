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
  /** When a new row arrived (default now); an existing row keeps its arrival, acquisition and wait origin. */
  arrivedAt?: Date;
  reading?: ReadingFields;
  config?: TriageConfig;
}

/**
 * Inserts or refreshes a study's fields. The AI summary of an existing row is kept (it is the
 * worker's); the urgency is recomputed because the priority may have changed. Returns the row's
 * current ai_model_key (null when not analysed), which tells the caller whether to enqueue.
 */
export async function upsertStudy(db: Queryable, fields: StudyFields, options: UpsertOptions = {}): Promise<{ aiModelKey: string | null; inserted: boolean }> {
  const previous = await db.query<{ ai_summary: AiSummary | null; ai_model_key: string | null }>(
    'SELECT ai_summary, ai_model_key FROM worklist WHERE study_uid = $1 FOR UPDATE',
    [fields.studyUid],
  );
  const ai = previous.rows[0]?.ai_summary ?? null;
  const config = options.config ?? DEFAULT_TRIAGE_CONFIG;
  const urgency = evidenceUrgency(fields.priority, ai, config);
  const reading = options.reading;
  const arrivedAt = options.arrivedAt ?? new Date();
  const since = waitingSince(fields.acquiredAt?.getTime() ?? null, arrivedAt.getTime(), config.aging.acquisitionWindowHours);
  await db.query(
    `INSERT INTO worklist (study_uid, orthanc_id, patient_id, patient_name, patient_sex, patient_birth_date, accession,
       study_date, study_time, study_datetime, modality, body_part, description, priority,
       urgency_level, urgency_score, urgency_reasons, reading_state, claimed_by, arrived_at, series_count, instance_count,
       acquired_at, waiting_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
       COALESCE($18, 'unread'), $19, $20, $21, $22, $23, $24)
     ON CONFLICT (study_uid) DO UPDATE SET
       orthanc_id = EXCLUDED.orthanc_id, patient_id = EXCLUDED.patient_id, patient_name = EXCLUDED.patient_name,
       patient_sex = EXCLUDED.patient_sex, patient_birth_date = EXCLUDED.patient_birth_date, accession = EXCLUDED.accession,
       study_date = EXCLUDED.study_date, study_time = EXCLUDED.study_time, study_datetime = EXCLUDED.study_datetime,
       modality = EXCLUDED.modality, body_part = EXCLUDED.body_part, description = EXCLUDED.description,
       priority = EXCLUDED.priority, urgency_level = EXCLUDED.urgency_level, urgency_score = EXCLUDED.urgency_score,
       urgency_reasons = EXCLUDED.urgency_reasons, series_count = EXCLUDED.series_count, instance_count = EXCLUDED.instance_count,
       reading_state = CASE WHEN $18::text IS NULL THEN worklist.reading_state ELSE EXCLUDED.reading_state END,
       claimed_by = CASE WHEN $18::text IS NULL THEN worklist.claimed_by ELSE EXCLUDED.claimed_by END,
       updated_at = now()`,
    [
      fields.studyUid,
      fields.orthancId,
      fields.patientId,
      fields.patientName,
      fields.patientSex,
      fields.patientBirthDate,
      fields.accession,
      fields.studyDate,
      fields.studyTime,
      fields.studyDateTime,
      fields.modality,
      fields.bodyPart,
      fields.description,
      fields.priority,
      urgency.level,
      urgency.score,
      JSON.stringify(urgency.reasons),
      reading?.readingState ?? null,
      reading?.claimedBy ?? null,
      arrivedAt,
      fields.seriesCount ?? null,
      fields.instanceCount ?? null,
      fields.acquiredAt ?? null,
      new Date(since.at),
    ],
  );
  // The upsert scored the study alone: its "new since prior" reasons come back here.
  if (ai) await rescorePatient(db, fields.studyUid, config);
  return { aiModelKey: previous.rows[0]?.ai_model_key ?? null, inserted: previous.rowCount === 0 };
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

/** Reading state by StudyInstanceUID or, from the change feed, by Orthanc study id. */
export async function setReadingState(db: Queryable, key: { studyUid: string } | { orthancId: string }, reading: ReadingFields): Promise<boolean> {
  const [column, value] = 'studyUid' in key ? ['study_uid', key.studyUid] : ['orthanc_id', key.orthancId];
  const result = await db.query(
    `UPDATE worklist SET reading_state = $2, claimed_by = $3, updated_at = now()
     WHERE ${column} = $1 AND (reading_state, claimed_by) IS DISTINCT FROM ($2, $3)`,
    [value, reading.readingState, reading.claimedBy],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteByOrthancId(db: Queryable, orthancId: string): Promise<boolean> {
  const result = await db.query('DELETE FROM worklist WHERE orthanc_id = $1', [orthancId]);
  return (result.rowCount ?? 0) > 0;
}

export async function aiModelKeyOf(db: Queryable, studyUid: string): Promise<{ exists: boolean; aiModelKey: string | null; aiStatus: string | null }> {
  const { rows } = await db.query<{ ai_model_key: string | null; ai_status: string }>('SELECT ai_model_key, ai_status FROM worklist WHERE study_uid = $1', [
    studyUid,
  ]);
  return { exists: rows.length > 0, aiModelKey: rows[0]?.ai_model_key ?? null, aiStatus: rows[0]?.ai_status ?? null };
}
