/**
 * Scale: monitoringReport over 10,000 synthetic studies' rows (tools/bench/lib/synthetic-monitoring.ts,
 * shared with tools/bench/monitoring-scale.ts, which records the bench row), median of 10 after a
 * warm-up, logged; the bound only catches a lost index or a quadratic plan. DOKUEI_MONITORING_STUDIES / _LABELS change the size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeStudySrRows } from '../../server/monitoring/index-study';
import { monitoringReport } from '../../server/monitoring/report';
import type { StudySrRows } from '../../server/monitoring/rows';
import { inTransaction } from '../../server/worklist/repository';
import { startTestDatabase, type TestDatabase } from './support/database';
import { fillSyntheticMonitoring } from '../../tools/bench/lib/synthetic-monitoring';

const STUDIES = Number(process.env.DOKUEI_MONITORING_STUDIES ?? 10_000);
const LABELS = Number(process.env.DOKUEI_MONITORING_LABELS ?? 3);
let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase('dokuei-monitoring-scale-');
}, 60_000);

afterAll(async () => {
  await db?.stop();
}, 60_000);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** A typical study re-indexed: one AI result with 3 findings, one assessment accepting the first. */
function sampleStudy(i: number): StudySrRows {
  const studyUid = `write.${i}`;
  const sr = `${studyUid}.ai`;
  const computedAt = new Date('2026-06-01T08:00:00Z');
  const decidedAt = new Date('2026-06-01T09:00:00Z');
  return {
    studyUid,
    documents: [
      { studyUid, sopInstanceUid: sr, kind: 'ai-result', reason: null, aiSrUid: null },
      { studyUid, sopInstanceUid: `${sr}.as`, kind: 'assessment', reason: null, aiSrUid: sr },
    ],
    aiResults: [
      {
        studyUid,
        srInstanceUid: sr,
        model: 'cxr-triage@1.1.0',
        algorithms: [],
        computedAt,
        oodScore: 10,
        oodThreshold: 150,
        outOfDistribution: false,
        qaFlags: [],
      },
    ],
    findings: ['label0', 'label1', 'label2'].map((label, ordinal) => ({
      studyUid,
      srInstanceUid: sr,
      ordinal,
      model: 'cxr-triage@1.1.0',
      label,
      probability: 0.3 * ordinal,
      threshold: 0.5,
      positive: ordinal === 2,
      trackingUid: `${sr}.f${ordinal}`,
      computedAt,
    })),
    decisions: [
      {
        studyUid,
        assessmentSrUid: `${sr}.as`,
        ordinal: 0,
        aiSrUid: sr,
        trackingUid: `${sr}.f2`,
        label: 'label2',
        itemKey: `${sr}.f2`,
        qa: false,
        decision: 'accept',
        reader: 'R',
        decidedAt,
      },
    ],
  };
}

describe(`monitoringReport over ${STUDIES} studies`, () => {
  it('answers every figure in well under a second (median of 10)', async () => {
    const fillStarted = performance.now();
    const sizes = await fillSyntheticMonitoring(db.pool, { studies: STUDIES, labels: LABELS });
    const fillMs = performance.now() - fillStarted;
    const first = await monitoringReport(db.pool);
    expect(first.models.map((m) => m.model)).toEqual(['cxr-triage@1.0.0', 'cxr-triage@1.1.0']);
    expect(first.models.reduce((n, m) => n + m.aiResults, 0)).toBe(STUDIES);
    // 40 % assessed; positives accepted/edited 3 in 4, the re-assessed ones' first finding rejected; 1 in 10 with an addition.
    const [v1] = first.models;
    expect(v1.assessedResults).toBe(Math.floor(STUDIES / 2) * 0.4);
    expect(v1.ppv).toBeGreaterThan(0.5);
    expect(v1.ppv).toBeLessThan(0.9);
    expect(v1.falseNegatives).toBe(Math.floor(STUDIES / 2) / 10);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await monitoringReport(db.pool);
      times.push(performance.now() - started);
    }
    const bytes = JSON.stringify(first).length;
    const filtered: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await monitoringReport(db.pool, { modelVersion: 'cxr-triage@1.1.0', from: new Date('2026-03-01T00:00:00Z') });
      filtered.push(performance.now() - started);
    }
    // The write half of the watcher's per-study work: 200 studies' rows replaced, one transaction.
    const writeStarted = performance.now();
    await inTransaction(db.pool, async (tx) => {
      for (let i = 1; i <= 200; i++) await writeStudySrRows(tx, sampleStudy(i));
    });
    const writeMs = (performance.now() - writeStarted) / 200;
    console.info(
      `monitoring ${STUDIES} studies × ${LABELS} labels (${sizes.findings} findings, ${sizes.decisions} decisions, ${sizes.documents} SR rows; fill ${fillMs.toFixed(0)} ms): ` +
        `report median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}); ` +
        `one model from March median ${median(filtered).toFixed(1)} ms; JSON ${(bytes / 1024).toFixed(1)} KiB; writeStudySrRows ${writeMs.toFixed(2)} ms per study`,
    );
    expect(median(times)).toBeLessThan(2000);
  }, 300_000);
});
