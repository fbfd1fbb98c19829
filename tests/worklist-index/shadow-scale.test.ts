/**
 * Scale: shadowReport over 10,000 synthetic studies (tools/bench/lib/synthetic-monitoring.ts's active rows)
 * each with a shadow run of cxr-triage 2.0.0 over the same labels; median of 5 after a warm-up, logged.
 * DOKUEI_MONITORING_STUDIES changes the size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shadowReport } from '../../server/monitoring/shadow-report';
import { fillSyntheticMonitoring } from '../../tools/bench/lib/synthetic-monitoring';
import { startTestDatabase, type TestDatabase } from './support/database';

const STUDIES = Number(process.env.DOKUEI_MONITORING_STUDIES ?? 10_000);
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase('dokuei-shadow-scale-');
  await fillSyntheticMonitoring(db.pool, { studies: STUDIES });
  await db.pool.query(
    `INSERT INTO shadow_results (study_uid, model_id, version, sha256, image_uid, computed_at, infer_ms)
     SELECT study_uid, 'cxr-triage', '2.0.0', repeat('1', 64), study_uid || '.img', computed_at + interval '1 minute', 40 FROM ai_results`,
  );
  // The shadow version calls a little more: probability shifted by 0.05.
  await db.pool.query(
    `INSERT INTO shadow_findings (study_uid, model_id, version, label, probability, threshold, positive)
     SELECT study_uid, 'cxr-triage', '2.0.0', label, LEAST(probability + 0.05, 1), 0.5, probability + 0.05 >= 0.5 FROM ai_findings`,
  );
  await db.pool.query('ANALYZE');
}, 180_000);

afterAll(async () => {
  await db?.stop();
}, 60_000);

describe(`shadow comparison over ${STUDIES} studies`, () => {
  it('pairs every shadow run with its active result and reports per week', async () => {
    const first = await shadowReport(db.pool);
    const [comparison] = first.comparisons;
    expect(comparison).toMatchObject({ modelId: 'cxr-triage', version: '2.0.0', analysed: STUDIES, paired: STUDIES });
    expect(comparison.activeVersions).toEqual(['1.0.0', '1.1.0']);
    expect(comparison.labels.map((l) => l.n)).toEqual([STUDIES, STUDIES, STUDIES]);
    for (const l of comparison.labels) {
      expect(l.onlyActive).toBe(0);
      expect(l.shadow.positives).toBe(l.both + l.onlyShadow);
    }
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) ms.push((await shadowReport(db.pool)).ms);
    ms.sort((a, b) => a - b);
    console.info(`shadowReport over ${STUDIES} studies × 3 labels: median ${ms[2]} ms (runs ${ms.join(', ')}), ${comparison.weeks.length} weeks`);
  }, 120_000);
});
