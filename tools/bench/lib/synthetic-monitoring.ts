/**
 * Synthetic monitoring rows for `studies` studies in a few SQL statements (generate_series), shaped like
 * the production path writes them: one AI result SR per study (model 1.0.0 for the first half, 1.1.0 after),
 * `labels` findings each, spread over `weeks` weeks; 40 % of the studies assessed (accept / edit /
 * reject, every 20th re-assessed later with its first positive rejected, every 10th with a finding
 * added), a report per assessed study; OOD scores on 90 %, QA flags on 1 in 23. For the scale test
 * (tests/worklist-index/monitoring-scale.test.ts) and the bench (tools/bench/monitoring-scale.ts, row
 * "monitoring page ready 10k studies (ms)"). Study UIDs are "syn.<i>": empty the monitoring tables before
 * filling again.
 */
import type pg from 'pg';

export interface SyntheticOptions {
  studies: number;
  /** Finding labels per AI result (cxr-triage has 3). */
  labels?: number;
  weeks?: number;
  start?: Date;
}

export async function fillSyntheticMonitoring(db: pg.Pool, options: SyntheticOptions): Promise<{ findings: number; decisions: number; documents: number }> {
  const labels = options.labels ?? 3;
  const weeks = options.weeks ?? 26;
  const start = (options.start ?? new Date('2026-01-05T00:00:00Z')).toISOString();
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE syn (i int, study text, sr text, model text, at timestamptz) ON COMMIT DROP');
    await client.query(
      `INSERT INTO syn
       SELECT i, 'syn.' || i, 'syn.' || i || '.ai',
         CASE WHEN i <= $1::int / 2 THEN 'cxr-triage@1.0.0' ELSE 'cxr-triage@1.1.0' END,
         $3::timestamptz + (i::float8 / $1::int) * ($2::int * interval '1 week')
       FROM generate_series(1, $1::int) AS i`,
      [options.studies, weeks, start],
    );
    await client.query(
      `INSERT INTO ai_results (study_uid, sr_instance_uid, model, algorithms, computed_at, ood_score, ood_threshold, out_of_distribution, qa_flags)
       SELECT study, sr, model, jsonb_build_array(jsonb_build_object('id', 'cxr-triage', 'version', split_part(model, '@', 2), 'sha256', repeat('0', 64))), at,
         CASE WHEN i % 10 <> 0 THEN (i % 200)::float8 END, CASE WHEN i % 10 <> 0 THEN 150 END, CASE WHEN i % 10 <> 0 THEN i % 37 = 0 END,
         CASE WHEN i % 23 = 0 THEN ARRAY['rotated'] ELSE '{}' END
       FROM syn`,
    );
    await client.query(
      `INSERT INTO ai_findings (study_uid, sr_instance_uid, ordinal, model, label, probability, threshold, positive, tracking_uid, computed_at)
       SELECT study, sr, j, model, 'label' || j, p, 0.5, p >= 0.5, sr || '.f' || j, at
       FROM syn, generate_series(0, $1::int - 1) AS j, LATERAL (SELECT ((i * 7919 + j * 104729) % 1000) / 1000.0::float8 AS p) x`,
      [labels],
    );
    // First assessment: every finding of an assessed study (i % 5 < 2) decided; positives accept/edit/reject.
    await client.query(
      `INSERT INTO reader_decisions (study_uid, assessment_sr_uid, ordinal, ai_sr_uid, tracking_uid, label, item_key, qa, decision, reader, decided_at)
       SELECT f.study_uid, f.sr_instance_uid || '.as1', f.ordinal, f.sr_instance_uid, f.tracking_uid, f.label, f.tracking_uid, false,
         CASE WHEN NOT f.positive THEN 'accept' WHEN (s.i + f.ordinal) % 4 = 0 THEN 'reject' WHEN (s.i + f.ordinal) % 4 = 1 THEN 'edit' ELSE 'accept' END,
         'Reader^' || (s.i % 7), f.computed_at + interval '2 hours'
       FROM ai_findings f JOIN syn s ON s.sr = f.sr_instance_uid
       WHERE s.i % 5 < 2`,
    );
    // Findings readers added (every 10th study) and re-assessments (every 20th: first finding rejected).
    await client.query(
      `INSERT INTO reader_decisions (study_uid, assessment_sr_uid, ordinal, ai_sr_uid, tracking_uid, label, item_key, qa, decision, reader, decided_at)
       SELECT study, sr || '.as1', $1::int, sr, sr || '.added', 'nodule', sr || '.added', false, 'add', 'Reader^' || (i % 7), at + interval '2 hours'
       FROM syn WHERE i % 10 = 0
       UNION ALL
       SELECT study, sr || '.as2', 0, sr, sr || '.f0', 'label0', sr || '.f0', false, 'reject', 'Reader^' || (i % 7), at + interval '1 day'
       FROM syn WHERE i % 20 = 0`,
      [labels],
    );
    await client.query(
      `INSERT INTO monitoring_documents (study_uid, sop_instance_uid, kind, reason, ai_sr_uid)
       SELECT study, sr, 'ai-result', NULL, NULL FROM syn
       UNION ALL SELECT DISTINCT study_uid, assessment_sr_uid, 'assessment', NULL, ai_sr_uid FROM reader_decisions WHERE study_uid LIKE 'syn.%'
       UNION ALL SELECT study, sr || '.report', 'report', NULL, NULL FROM syn WHERE i % 5 < 2`,
    );
    // As writeStudySrRows does per study: current decisions and each result's agreement.
    await client.query('SELECT monitoring_refresh(ARRAY(SELECT sr FROM syn))');
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  await db.query('ANALYZE monitoring_documents, ai_results, ai_findings, reader_decisions');
  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return { findings: await count('ai_findings'), decisions: await count('reader_decisions'), documents: await count('monitoring_documents') };
}
