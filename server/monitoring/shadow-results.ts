/**
 * Shadow results (migration 013): what a shadow model version computed for a study, kept apart from the
 * worklist row, its urgency and the PACS. One row per study × version, replaced on a rerun, so a retried
 * job never duplicates.
 */
import type pg from 'pg';
import type { AiFinding, OodState } from '../../src/domain/ai/result/types';
import type { AlgorithmIdentification } from '../../src/domain/ai/result/types';
import { inTransaction } from '../worklist/repository';

export interface ShadowResult {
  studyUid: string;
  algorithm: AlgorithmIdentification;
  /** The image it ran on; null when the study has none the models apply to. */
  imageUid: string | null;
  computedAt: Date;
  notApplicable?: string;
  ood?: OodState;
  qaFlags: string[];
  /** Preprocessing + inference of this version alone. */
  inferMs: number;
  findings: Pick<AiFinding, 'label' | 'probability' | 'threshold' | 'positive'>[];
}

export async function storeShadowResults(db: pg.Pool, results: readonly ShadowResult[]): Promise<void> {
  if (results.length === 0) return;
  await inTransaction(db, async (tx) => {
    for (const r of results) {
      const key = [r.studyUid, r.algorithm.id, r.algorithm.version];
      // The findings go with their result (ON DELETE CASCADE).
      await tx.query('DELETE FROM shadow_results WHERE study_uid = $1 AND model_id = $2 AND version = $3', key);
      await tx.query(
        `INSERT INTO shadow_results (study_uid, model_id, version, sha256, image_uid, computed_at, not_applicable,
           ood_score, ood_threshold, out_of_distribution, qa_flags, infer_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          ...key,
          r.algorithm.sha256,
          r.imageUid,
          r.computedAt,
          r.notApplicable ?? null,
          r.ood?.score ?? null,
          r.ood?.threshold ?? null,
          r.ood?.outOfDistribution ?? null,
          r.qaFlags,
          r.inferMs,
        ],
      );
      if (r.findings.length === 0) continue;
      await tx.query(
        `INSERT INTO shadow_findings (study_uid, model_id, version, label, probability, threshold, positive)
         SELECT $1, $2, $3, f.label, f.probability, f.threshold, f.positive
         FROM jsonb_to_recordset($4::jsonb) AS f(label text, probability double precision, threshold double precision, positive boolean)`,
        [...key, JSON.stringify(r.findings)],
      );
    }
  });
}

/** The versions (of those given) that have no result for the study yet. */
export async function versionsWithoutResult<T extends AlgorithmIdentification>(
  db: Pick<pg.Pool, 'query'>,
  studyUid: string,
  versions: readonly T[],
): Promise<T[]> {
  if (versions.length === 0) return [];
  const { rows } = await db.query<{ model_id: string; version: string }>('SELECT model_id, version FROM shadow_results WHERE study_uid = $1', [studyUid]);
  const done = new Set(rows.map((r) => `${r.model_id}@${r.version}`));
  return versions.filter((v) => !done.has(`${v.id}@${v.version}`));
}
