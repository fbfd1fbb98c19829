/**
 * Indexes one study's SRs for monitoring: the rows built from its SR datasets (rows.ts studySrRows; the
 * watcher and the reindex read them from the PACS before their transaction, server/watcher/study-reader.ts)
 * replace the study's rows in one statement per table, inside the caller's transaction. Idempotent:
 * indexing a study twice leaves the same rows.
 */
import type { Queryable } from '../worklist/repository';
import type { StudySrRows } from './rows';

/**
 * Deletes the study's rows, insert the given ones (unnest: one INSERT per table), then
 * recompute the current decisions of the AI results concerned (migration 005 monitoring_refresh).
 */
export async function writeStudySrRows(tx: Queryable, rows: StudySrRows): Promise<void> {
  const { studyUid } = rows;
  for (const table of ['monitoring_documents', 'ai_results', 'ai_findings']) {
    await tx.query(`DELETE FROM ${table} WHERE study_uid = $1`, [studyUid]);
  }
  const gone = await tx.query<{ ai_sr_uid: string }>('DELETE FROM reader_decisions WHERE study_uid = $1 RETURNING ai_sr_uid', [studyUid]);
  // Every AI result whose current decisions this change may move: ours, and those assessed here before or now.
  const touched = new Set([...gone.rows.map((r) => r.ai_sr_uid), ...rows.aiResults.map((r) => r.srInstanceUid), ...rows.decisions.map((r) => r.aiSrUid)]);
  const d = rows.documents;
  if (d.length > 0) {
    await tx.query(
      `INSERT INTO monitoring_documents (study_uid, sop_instance_uid, kind, reason, ai_sr_uid)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])`,
      [studyUid, d.map((r) => r.sopInstanceUid), d.map((r) => r.kind), d.map((r) => r.reason), d.map((r) => r.aiSrUid)],
    );
  }
  const a = rows.aiResults;
  if (a.length > 0) {
    await tx.query(
      `INSERT INTO ai_results (study_uid, sr_instance_uid, model, algorithms, computed_at, ood_score, ood_threshold, out_of_distribution, qa_flags)
       SELECT $1, u.sr, u.model, u.algorithms::jsonb, u.at, u.score, u.threshold, u.ood, COALESCE(ARRAY(SELECT jsonb_array_elements_text(u.qa::jsonb)), '{}')
       FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::float8[], $8::boolean[], $9::text[])
         AS u(sr, model, algorithms, at, score, threshold, ood, qa)`,
      [
        studyUid,
        a.map((r) => r.srInstanceUid),
        a.map((r) => r.model),
        a.map((r) => JSON.stringify(r.algorithms)),
        a.map((r) => r.computedAt.toISOString()),
        a.map((r) => r.oodScore),
        a.map((r) => r.oodThreshold),
        a.map((r) => r.outOfDistribution),
        a.map((r) => JSON.stringify(r.qaFlags)),
      ],
    );
  }
  const f = rows.findings;
  if (f.length > 0) {
    await tx.query(
      `INSERT INTO ai_findings (study_uid, sr_instance_uid, ordinal, model, label, probability, threshold, positive, tracking_uid, computed_at)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::boolean[], $9::text[], $10::timestamptz[])`,
      [
        studyUid,
        f.map((r) => r.srInstanceUid),
        f.map((r) => r.ordinal),
        f.map((r) => r.model),
        f.map((r) => r.label),
        f.map((r) => r.probability),
        f.map((r) => r.threshold),
        f.map((r) => r.positive),
        f.map((r) => r.trackingUid),
        f.map((r) => r.computedAt.toISOString()),
      ],
    );
  }
  const r = rows.decisions;
  if (r.length > 0) {
    await tx.query(
      `INSERT INTO reader_decisions (study_uid, assessment_sr_uid, ordinal, ai_sr_uid, tracking_uid, label, item_key, qa, decision, reader, decided_at)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::timestamptz[])`,
      [
        studyUid,
        r.map((x) => x.assessmentSrUid),
        r.map((x) => x.ordinal),
        r.map((x) => x.aiSrUid),
        r.map((x) => x.trackingUid),
        r.map((x) => x.label),
        r.map((x) => x.itemKey),
        r.map((x) => x.qa),
        r.map((x) => x.decision),
        r.map((x) => x.reader),
        r.map((x) => x.decidedAt.toISOString()),
      ],
    );
  }
  if (touched.size > 0) await tx.query('SELECT monitoring_refresh($1::text[])', [[...touched]]);
}
