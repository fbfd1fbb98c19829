/**
 * Monitoring in SQL (server/monitoring) against real PostgreSQL:
 *  - hand counts: SR-derived rows of a handful of studies with known decisions, every figure per model,
 *    per week and per label counted by hand below; filters; idempotent re-indexing; a deleted study
 *  - parity: SRs built with the project's builders stored into a real Orthanc, indexed by the change
 *    watcher's StableStudy path, and GET /api/monitoring equal to what the browser's metrics.ts computes
 *    from the same SRs read the browser's way (loadAllSrs)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin } from '../../tools/postgres/postgres';
import { storeFiles } from '../../tools/seed/stow';
import {
  aiResultSr,
  type AiResultInput,
  assessmentSr,
  type NaturalDataset,
  newUid,
  type ReaderDecision,
  reportSr,
  type SourceImage,
  toPart10,
} from '../../src/domain/dicom/sr';
import { dailyMeans, histogram, monitoringSummary } from '../../src/domain/reading/monitoring/metrics';
import { loadAllSrs } from '../../src/services/reading/monitoring/load';
import { writeStudySrRows } from '../../server/monitoring/index-study';
import { monitoringPlugin } from '../../server/monitoring/monitoring-plugin';
import { monitoringReport } from '../../server/monitoring/report';
import type { DecisionKind, StudySrRows } from '../../server/monitoring/rows';
import type { ModelReport, MonitoringReport } from '../../src/domain/reading/monitoring/api-report';
import type { Figures } from '../../src/domain/reading/monitoring/metrics';
import type { Principal } from '../../server/principal';
import { ChangeWatcher } from '../../server/watcher/change-watcher';
import { directTransport, pacsClientOf } from '../../server/watcher/pacs-direct';
import { inTransaction, upsertStudy } from '../../server/worklist/repository';
import { startTestDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;

beforeAll(async () => {
  db = await startTestDatabase('dokuei-monitoring-');
}, 60_000);

afterAll(async () => {
  await db?.stop();
}, 60_000);

const clearAll = () => db.pool.query('TRUNCATE monitoring_documents, ai_results, ai_findings, reader_decisions');

// ---- hand counts ---------------------------------------------------------------------------------

const A = 'cxr-triage@1.0.0';
const B = 'cxr-triage@2.0.0';

type FindingSpec = [label: string, probability: number, positive: boolean, trackingUid: string];
type DecisionSpec = [decision: DecisionKind, label: string, trackingUid: string];

/** SR-derived rows, written the way rows.ts derives them from parsed SRs. */
class StudyRows {
  readonly rows: StudySrRows;
  constructor(studyUid: string) {
    this.rows = { studyUid, documents: [], aiResults: [], findings: [], decisions: [] };
  }
  ai(sr: string, model: string, at: string, findings: FindingSpec[], options: { ood?: boolean; qa?: string[] } = {}): this {
    const { studyUid } = this.rows;
    const computedAt = new Date(at);
    this.rows.documents.push({ studyUid, sopInstanceUid: sr, kind: 'ai-result', reason: null, aiSrUid: null });
    this.rows.aiResults.push({
      studyUid,
      srInstanceUid: sr,
      model,
      algorithms: [{ id: model.split('@')[0], version: model.split('@')[1], sha256: '0'.repeat(64) }],
      computedAt,
      oodScore: options.ood === undefined ? null : options.ood ? 300 : 10,
      oodThreshold: options.ood === undefined ? null : 100,
      outOfDistribution: options.ood ?? null,
      qaFlags: options.qa ?? [],
    });
    findings.forEach(([label, probability, positive, trackingUid], ordinal) =>
      this.rows.findings.push({ studyUid, srInstanceUid: sr, ordinal, model, label, probability, threshold: 0.5, positive, trackingUid, computedAt }),
    );
    return this;
  }
  assess(sr: string, aiSr: string, at: string, decisions: DecisionSpec[]): this {
    const { studyUid } = this.rows;
    this.rows.documents.push({ studyUid, sopInstanceUid: sr, kind: 'assessment', reason: null, aiSrUid: aiSr });
    decisions.forEach(([decision, label, trackingUid], ordinal) => {
      const qa = label.startsWith('qa-flag:');
      this.rows.decisions.push({
        studyUid,
        assessmentSrUid: sr,
        ordinal,
        aiSrUid: aiSr,
        trackingUid,
        label,
        itemKey: qa ? label : trackingUid,
        qa,
        decision,
        reader: 'Suzuki^Hanako',
        decidedAt: new Date(at),
      });
    });
    return this;
  }
  doc(sop: string, kind: 'report' | 'unknown', reason: string | null = null): this {
    this.rows.documents.push({ studyUid: this.rows.studyUid, sopInstanceUid: sop, kind, reason, aiSrUid: null });
    return this;
  }
}

/*
 * Model A, week W1 = Mon 2026-01-05 (UTC), week W2 = Mon 2026-01-12.
 *  s1 (W1, Tue 01-06)  abnormal .9+ t1, effusion .7+ t2, pneumonia .2− t3; OOD score, in distribution
 *      as1 09:00 accept t1, reject t2; as2 10:00 reject t1 (newest wins), add nodule t4
 *      → positives assessed 2 (t1 ✗, t2 ✗): accepted 0, FP 2; FN 1 (nodule)
 *  s2 (W1, Sun 01-11 23:30) abnormal .6+ t5, effusion .4− t6; out of distribution; QA rotated
 *      as3 (Mon 01-12, still counts in the result's week W1), one instant: reject t5 then edit t5 (later
 *      in the SR wins → edit = accepted), accept t6 (a negative: not in PPV), accept qa-flag:rotated,
 *      add qa-flag:flipped (a QA label: not a FN)
 *      → positives assessed 1, accepted 1, FP 0, FN 0
 *  s3 (W2, Mon 01-12 00:10) abnormal .95+ t7, effusion 1.0+ t8; QA flipped+rotated (one flagged result)
 *      as4 10:00 accept t7, accept t8, add pneumonia t9; as5 11:00 reject t9 (the addition withdrawn), add nodule t10
 *      → positives assessed 2, accepted 2, FP 0, FN 1 (nodule; pneumonia's current decision is reject)
 *  s4 (W2, Tue 01-13) abnormal .55+ t11; OOD score, in distribution; never assessed
 *  A total: results 4, assessed 3 (s1 s2 s3), positives assessed 5, accepted 3, FP 2, FN 2 → PPV 3/5, sens 3/5;
 *           OOD 1 of 3 with a score (s1 s2 s4); QA 2 of 4
 *  A W1 (s1 s2): results 2, assessed 2, positives 3, accepted 1, FP 2, FN 1 → PPV 1/3, sens 1/2; OOD 1/2; QA 1/2
 *  A W2 (s3 s4): results 2, assessed 1, positives 2, accepted 2, FP 0, FN 1 → PPV 1, sens 2/3; OOD 0/1; QA 1/2
 * Model B, two results in one study s5:
 *  r5a (W1, Wed 01-07) abnormal .8+ t12; as6 accept t12                → accepted 1
 *  r5b (W2, Wed 01-14) abnormal .3− t13; as7 add effusion t14         → FN 1
 *  B total: results 2, assessed 2, positives 1, accepted 1, FP 0, FN 1 → PPV 1, sens 1/2; OOD 0/0; QA 0/2
 * Notes, s6: an assessment of an AI result SR that is nowhere (orphan 1, its decisions count nowhere), a
 * report, a foreign SR; s2 holds another foreign SR and s4 an old-format one.
 */
const world: StudyRows[] = [
  new StudyRows('s1')
    .ai(
      'r1',
      A,
      '2026-01-06T08:00:00Z',
      [
        ['abnormal', 0.9, true, 't1'],
        ['effusion', 0.7, true, 't2'],
        ['pneumonia', 0.2, false, 't3'],
      ],
      { ood: false },
    )
    .assess('as1', 'r1', '2026-01-06T09:00:00Z', [
      ['accept', 'abnormal', 't1'],
      ['reject', 'effusion', 't2'],
    ])
    .assess('as2', 'r1', '2026-01-06T10:00:00Z', [
      ['reject', 'abnormal', 't1'],
      ['add', 'nodule', 't4'],
    ]),
  new StudyRows('s2')
    .ai(
      'r2',
      A,
      '2026-01-11T23:30:00Z',
      [
        ['abnormal', 0.6, true, 't5'],
        ['effusion', 0.4, false, 't6'],
      ],
      { ood: true, qa: ['rotated'] },
    )
    .assess('as3', 'r2', '2026-01-12T09:00:00Z', [
      ['reject', 'abnormal', 't5'],
      ['edit', 'abnormal', 't5'],
      ['accept', 'effusion', 't6'],
      ['accept', 'qa-flag:rotated', 'q1'],
      ['add', 'qa-flag:flipped', 'q2'],
    ])
    .doc('foreign-2', 'unknown', 'not a Dokuei SR (template DCMR 1500)'),
  new StudyRows('s3')
    .ai(
      'r3',
      A,
      '2026-01-12T00:10:00Z',
      [
        ['abnormal', 0.95, true, 't7'],
        ['effusion', 1.0, true, 't8'],
      ],
      { qa: ['flipped', 'rotated'] },
    )
    .assess('as4', 'r3', '2026-01-12T10:00:00Z', [
      ['accept', 'abnormal', 't7'],
      ['accept', 'effusion', 't8'],
      ['add', 'pneumonia', 't9'],
    ])
    .assess('as5', 'r3', '2026-01-12T11:00:00Z', [
      ['reject', 'pneumonia', 't9'],
      ['add', 'nodule', 't10'],
    ]),
  new StudyRows('s4')
    .ai('r4', A, '2026-01-13T08:00:00Z', [['abnormal', 0.55, true, 't11']], { ood: false })
    .doc('old-4', 'unknown', 'unsupported Dokuei template AI_RESULT_V0'),
  new StudyRows('s5')
    .ai('r5a', B, '2026-01-07T08:00:00Z', [['abnormal', 0.8, true, 't12']])
    .ai('r5b', B, '2026-01-14T08:00:00Z', [['abnormal', 0.3, false, 't13']])
    .assess('as6', 'r5a', '2026-01-07T09:00:00Z', [['accept', 'abnormal', 't12']])
    .assess('as7', 'r5b', '2026-01-14T09:00:00Z', [['add', 'effusion', 't14']]),
  new StudyRows('s6')
    .assess('as8', 'nowhere', '2026-01-08T09:00:00Z', [['accept', 'abnormal', 'tx']])
    .doc('report-6', 'report')
    .doc('foreign-6', 'unknown', 'not a Dokuei SR (template DCMR 1500)'),
];

const figures = (f: [number, number, number, number, number, number, number | null, number | null, [number, number], [number, number]]): Figures => ({
  aiResults: f[0],
  assessedResults: f[1],
  assessedPositives: f[2],
  acceptedPositives: f[3],
  falsePositives: f[4],
  falseNegatives: f[5],
  ppv: f[6],
  sensitivity: f[7],
  ood: { count: f[8][0], of: f[8][1] },
  qaFlagged: { count: f[9][0], of: f[9][1] },
});

const pick = (m: Figures): Figures => ({
  aiResults: m.aiResults,
  assessedResults: m.assessedResults,
  assessedPositives: m.assessedPositives,
  acceptedPositives: m.acceptedPositives,
  falsePositives: m.falsePositives,
  falseNegatives: m.falseNegatives,
  ppv: m.ppv,
  sensitivity: m.sensitivity,
  ood: m.ood,
  qaFlagged: m.qaFlagged,
});

async function writeWorld(studies: readonly StudyRows[]) {
  await inTransaction(db.pool, async (tx) => {
    for (const study of studies) await writeStudySrRows(tx, study.rows);
  });
}

describe('monitoringReport: hand counts', () => {
  let report: MonitoringReport;
  const model = (name: string) => report.models.find((m) => m.model === name)!;
  const week = (name: string, w: string) => model(name).weeks.find((x) => x.week === w)!;
  const label = (m: ModelReport, l: string) => m.labels.find((x) => x.label === l)!;

  beforeAll(async () => {
    await clearAll();
    await writeWorld(world);
    report = await monitoringReport(db.pool);
  });

  //            results assessed pos acc FP FN  PPV    sens   OOD     QA
  it.each([
    ['A total', () => model(A), figures([4, 3, 5, 3, 2, 2, 3 / 5, 3 / 5, [1, 3], [2, 4]])],
    ['A W1', () => week(A, '2026-01-05'), figures([2, 2, 3, 1, 2, 1, 1 / 3, 1 / 2, [1, 2], [1, 2]])],
    ['A W2', () => week(A, '2026-01-12'), figures([2, 1, 2, 2, 0, 1, 1, 2 / 3, [0, 1], [1, 2]])],
    ['B total', () => model(B), figures([2, 2, 1, 1, 0, 1, 1, 1 / 2, [0, 0], [0, 2]])],
    ['B W1', () => week(B, '2026-01-05'), figures([1, 1, 1, 1, 0, 0, 1, 1, [0, 0], [0, 1]])],
    ['B W2', () => week(B, '2026-01-12'), figures([1, 1, 0, 0, 0, 1, null, 0, [0, 0], [0, 1]])],
  ])('%s', (_, of, expected) => {
    expect(pick(of())).toEqual(expected);
  });

  it('models sorted, weeks oldest first; notes: reports, unknown by reason, orphan assessments', () => {
    expect(report.models.map((m) => m.model)).toEqual([A, B]);
    expect(model(A).weeks.map((w) => w.week)).toEqual(['2026-01-05', '2026-01-12']);
    expect(report.reports).toBe(1);
    expect(report.orphanAssessments).toBe(1);
    expect(report.unknown).toEqual({ 'not a Dokuei SR (template DCMR 1500)': 2, 'unsupported Dokuei template AI_RESULT_V0': 1 });
  });

  /*
   * Labels of A: abnormal n 4 (.9 .6 .95 .55, mean .75), positives t1 ✗ t5 ✓ t7 ✓ (t11 unassessed) → 3/2/1, FN 0
   *   effusion n 3 (.7 .4 1.0, mean .7), positives t2 ✗ t8 ✓ (t6 negative) → 2/1/1; pneumonia n 1, FN 0
   *   (its addition was withdrawn); nodule n 0 (only added), FN 2 → sensitivity 0
   */
  it.each([
    ['abnormal', 4, 0.75, 3, 2, 1, 0],
    ['effusion', 3, 0.7, 2, 1, 1, 0],
    ['nodule', 0, null, 0, 0, 0, 2],
    ['pneumonia', 1, 0.2, 0, 0, 0, 0],
  ])('A label %s: n %d, mean %s, assessed %d, accepted %d, FP %d, FN %d', (name, n, mean, assessed, accepted, fp, fn) => {
    const l = label(model(A), name);
    expect({ n: l.n, assessed: l.assessedPositives, accepted: l.acceptedPositives, fp: l.falsePositives, fn: l.falseNegatives }).toEqual({
      n,
      assessed,
      accepted,
      fp,
      fn,
    });
    if (mean === null) expect(l.mean).toBeNull();
    else expect(l.mean).toBeCloseTo(mean, 12);
  });

  it('labels sorted; per-label agreement adds up to the model figures', () => {
    const a = model(A);
    expect(a.labels.map((l) => l.label)).toEqual(['abnormal', 'effusion', 'nodule', 'pneumonia']);
    const sum = (key: 'acceptedPositives' | 'falsePositives' | 'falseNegatives') => a.labels.reduce((s, l) => s + l[key], 0);
    expect([sum('acceptedPositives'), sum('falsePositives'), sum('falseNegatives')]).toEqual([a.acceptedPositives, a.falsePositives, a.falseNegatives]);
  });

  it('histogram (10 bins, 1.0 in the last) and UTC daily means per label', () => {
    const counts = (name: string) => label(model(A), name).histogram.map((b) => b.count);
    // abnormal .9 .6 .95 .55 → bins 9, 6, 9, 5; effusion .7 .4 1.0 → 7, 4, 9
    expect(counts('abnormal')).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 2]);
    expect(counts('effusion')).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 0, 1]);
    expect(label(model(A), 'abnormal').histogram[9]).toMatchObject({ from: 0.9, to: 1 });
    expect(label(model(A), 'abnormal').days).toEqual([
      { day: '2026-01-06', n: 1, mean: 0.9 },
      { day: '2026-01-11', n: 1, mean: 0.6 },
      { day: '2026-01-12', n: 1, mean: 0.95 },
      { day: '2026-01-13', n: 1, mean: 0.55 },
    ]);
    expect(label(model(A), 'nodule').days).toEqual([]);
  });

  /* W1 of A: abnormal n 2 (.9 .6) mean .75, assessed 2 (t1 ✗, t5 ✓); effusion n 2 (.7 .4) mean .55, t2 ✗; nodule FN 1. */
  it('per-week labels: agreement and mean probability (drift)', () => {
    const w1 = week(A, '2026-01-05').labels;
    expect(w1.map((l) => l.label)).toEqual(['abnormal', 'effusion', 'nodule', 'pneumonia']);
    expect(w1[0]).toMatchObject({ n: 2, assessedPositives: 2, acceptedPositives: 1, falsePositives: 1, falseNegatives: 0, ppv: 0.5 });
    expect(w1[0].mean).toBeCloseTo(0.75, 12);
    expect(w1[1].mean).toBeCloseTo(0.55, 12);
    expect(w1[2]).toMatchObject({ n: 0, mean: null, falseNegatives: 1, sensitivity: 0 });
    expect(week(A, '2026-01-12').labels.map((l) => l.label)).toEqual(['abnormal', 'effusion', 'nodule']);
  });

  it('filters: from/to bound the AI results (a decision follows its result), modelVersion one model', async () => {
    const fromW2 = await monitoringReport(db.pool, { from: new Date('2026-01-12T00:00:00Z') });
    expect(pick(fromW2.models.find((m) => m.model === A)!)).toEqual(pick(week(A, '2026-01-12')));
    expect(pick(fromW2.models.find((m) => m.model === B)!)).toEqual(pick(week(B, '2026-01-12')));
    const w1 = await monitoringReport(db.pool, { to: new Date('2026-01-12T00:00:00Z') });
    expect(pick(w1.models.find((m) => m.model === A)!)).toEqual(pick(week(A, '2026-01-05')));
    const onlyB = await monitoringReport(db.pool, { modelVersion: B });
    expect(onlyB.models.map((m) => m.model)).toEqual([B]);
    expect(pick(onlyB.models[0])).toEqual(pick(model(B)));
    expect(onlyB.filter).toEqual({ modelVersion: B });
  });

  it('indexing a study again replaces its rows (idempotent); a study whose SRs changed loses the old ones', async () => {
    await writeWorld(world);
    const again = await monitoringReport(db.pool);
    expect(again.models.map(pick)).toEqual(report.models.map(pick));
    // s1 re-read without as2: t1 accepted again, no nodule added.
    const s1 = new StudyRows('s1')
      .ai(
        'r1',
        A,
        '2026-01-06T08:00:00Z',
        [
          ['abnormal', 0.9, true, 't1'],
          ['effusion', 0.7, true, 't2'],
          ['pneumonia', 0.2, false, 't3'],
        ],
        { ood: false },
      )
      .assess('as1', 'r1', '2026-01-06T09:00:00Z', [
        ['accept', 'abnormal', 't1'],
        ['reject', 'effusion', 't2'],
      ]);
    await writeWorld([s1]);
    const changed = (await monitoringReport(db.pool)).models.find((m) => m.model === A)!;
    expect(pick(changed)).toEqual(figures([4, 3, 5, 4, 1, 1, 4 / 5, 4 / 5, [1, 3], [2, 4]]));
    await writeWorld(world);
  });

  it('a study removed from the worklist takes its monitoring rows with it', async () => {
    await upsertStudy(db.pool, {
      studyUid: 's4',
      orthancId: 'orthanc-s4',
      patientId: 'P4',
      patientName: 'P^4',
      patientSex: null,
      patientBirthDate: null,
      accession: null,
      studyDate: null,
      studyTime: null,
      studyDateTime: null,
      modality: 'CR',
      bodyPart: null,
      description: null,
      priority: null,
    });
    await db.pool.query(`DELETE FROM worklist WHERE study_uid = 's4'`);
    const after = await monitoringReport(db.pool);
    expect(after.models.find((m) => m.model === A)!.aiResults).toBe(3);
    expect(after.unknown).toEqual({ 'not a Dokuei SR (template DCMR 1500)': 2 });
  });
});

// ---- parity with the browser ---------------------------------------------------------------------

describe('GET /api/monitoring equals the browser metrics on the same SRs (real Orthanc, watcher path)', () => {
  let pacs: PacsConfig;
  let orthancDir: string;
  let app: FastifyInstance;
  let url: string;
  const VERSION = `parity-${Date.now()}`;
  const V1 = [{ id: 'cxr-triage', version: VERSION, sha256: 'e'.repeat(64) }];
  const V2 = [{ id: 'cxr-triage', version: `${VERSION}-b`, sha256: 'f'.repeat(64) }];
  const BOTH = [...V1, { id: 'cxr-lungs', version: '1.2.0', sha256: 'c'.repeat(64) }];
  const reader: Principal = { id: 'reader', dicomName: 'Reader', displayName: 'Reader', role: 'reader', via: 'session' };
  let stored = 0;

  const image = (): SourceImage => ({
    studyInstanceUid: newUid(),
    seriesInstanceUid: newUid(),
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
    sopInstanceUid: newUid(),
    patientName: { Alphabetic: 'MONITOR^PARITY' },
    patientId: 'PARITY',
    patientBirthDate: '',
    patientSex: '',
    studyDate: '20261101',
    studyTime: '080000',
    studyId: '',
    accessionNumber: '',
    referringPhysicianName: {},
    studyDescription: 'monitoring parity',
  });
  const ref = (ds: NaturalDataset) => ({
    studyInstanceUid: ds.StudyInstanceUID as string,
    seriesInstanceUid: ds.SeriesInstanceUID as string,
    sopClassUid: ds.SOPClassUID as string,
    sopInstanceUid: ds.SOPInstanceUID as string,
  });
  async function store(...datasets: NaturalDataset[]) {
    const report = await storeFiles(
      pacs,
      datasets.map((ds, i) => ({ name: `sr-${stored + i}.dcm`, bytes: new Uint8Array(toPart10(ds)) })),
    );
    expect(report.rejected).toEqual([]);
    stored += datasets.length;
  }
  const pos = (label: string, probability: number) => ({ label, probability, threshold: 0.5, positive: probability >= 0.5 });

  /** One AI result (in `source`'s study) and assessments about it, an hour apart; `decide` gets the tracking UIDs. */
  async function seedCase(
    source: SourceImage,
    algorithms: typeof V1,
    ai: Omit<AiResultInput, 'source' | 'algorithms' | 'lungAreas'>,
    ...decide: Array<(uids: string[]) => ReaderDecision[]>
  ): Promise<NaturalDataset> {
    const findings = ai.findings.map((f) => ({ ...f, trackingUid: newUid() }));
    const sr = aiResultSr({ ...ai, findings, source, algorithms, lungAreas: [] });
    await store(sr);
    for (const [i, d] of decide.entries()) {
      const at = new Date(ai.computedAt.getTime() + (i + 1) * 3_600_000);
      await store(
        assessmentSr({ source, reader: { Alphabetic: 'Reader^Parity' }, assessedAt: at, aiResult: ref(sr), decisions: d(findings.map((f) => f.trackingUid)) }),
      );
    }
    return sr;
  }

  beforeAll(async () => {
    await clearAll();
    orthancDir = join(db.root, 'orthanc');
    pacs = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(db.connection) });
    app = Fastify({ logger: false });
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      request.principal = request.headers['x-test-user'] === 'reader' ? reader : null;
    });
    await app.register(monitoringPlugin, { db: db.pool });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    if (orthancDir) await stopOrthanc(orthancDir);
  }, 60_000);

  it('every figure, histogram and daily mean of every model; notes', async () => {
    // The e2e monitoring cases (v1), each in its own study.
    await seedCase(
      image(),
      V1,
      {
        computedAt: new Date('2026-11-01T08:00:00Z'),
        findings: [pos('abnormal', 0.9), pos('effusion', 0.7)],
        ood: { score: 10, threshold: 100, outOfDistribution: false },
        qaFlags: [],
      },
      ([a, e]) => [
        { decision: 'accept', label: 'abnormal', trackingUid: a },
        { decision: 'reject', label: 'effusion', trackingUid: e, reason: 'skin fold' },
      ],
    );
    await seedCase(
      image(),
      V1,
      {
        computedAt: new Date('2026-11-02T08:00:00Z'),
        findings: [pos('abnormal', 0.6), pos('effusion', 0.8)],
        ood: { score: 300, threshold: 100, outOfDistribution: true },
        qaFlags: [{ kind: 'rotated' }],
      },
      ([a, e]) => [
        { decision: 'edit', label: 'abnormal', trackingUid: a, region: { kind: 'point', x: 10, y: 20 } },
        { decision: 'accept', label: 'effusion', trackingUid: e },
        { decision: 'add', label: 'pneumonia' },
        { decision: 'add', label: 'nodule' },
        { decision: 'accept', label: 'qa-flag:rotated', trackingUid: newUid() },
      ],
    );
    const old = await seedCase(image(), V1, { computedAt: new Date('2026-11-03T08:00:00Z'), findings: [pos('abnormal', 0.2)], qaFlags: [] });
    await store({
      ...old,
      SOPInstanceUID: newUid(),
      SeriesInstanceUID: newUid(),
      ContentTemplateSequence: [{ MappingResource: '99DOKUEI', TemplateIdentifier: 'AI_RESULT_V0' }],
    });
    // A later week, a decision superseded, an addition withdrawn; a QA-flag addition (not a FN).
    await seedCase(
      image(),
      V1,
      {
        computedAt: new Date('2026-11-10T23:59:59.999Z'),
        findings: [pos('abnormal', 1), pos('effusion', 0.55), pos('pneumonia', 0.05)],
        qaFlags: [{ kind: 'flipped' }, { kind: 'rotated' }],
      },
      ([a, e]) => [
        { decision: 'accept', label: 'abnormal', trackingUid: a },
        { decision: 'accept', label: 'effusion', trackingUid: e },
        { decision: 'add', label: 'nodule', trackingUid: '2.25.4242' },
      ],
      ([, e]) => [
        { decision: 'reject', label: 'effusion', trackingUid: e },
        { decision: 'reject', label: 'nodule', trackingUid: '2.25.4242' },
        { decision: 'add', label: 'qa-flag:flipped' },
      ],
    );
    // Two models' results in one study, and a combined-algorithm result.
    const shared = image();
    await seedCase(
      shared,
      V2,
      {
        computedAt: new Date('2026-11-04T08:00:00Z'),
        findings: [pos('abnormal', 0.75), pos('effusion', 0.45)],
        ood: { score: 50, threshold: 100, outOfDistribution: false },
        qaFlags: [],
      },
      ([a]) => [{ decision: 'reject', label: 'abnormal', trackingUid: a }],
    );
    await seedCase(shared, BOTH, { computedAt: new Date('2026-11-05T08:00:00Z'), findings: [pos('abnormal', 0.51)], qaFlags: [] }, () => [
      { decision: 'add', label: 'effusion' },
    ]);
    // An assessment whose AI result SR was never stored, and a report.
    const orphanSource = image();
    const lost = aiResultSr({
      source: orphanSource,
      computedAt: new Date('2026-11-06T08:00:00Z'),
      algorithms: V1,
      findings: [pos('abnormal', 0.9)],
      qaFlags: [],
      lungAreas: [],
    });
    await store(
      assessmentSr({
        source: orphanSource,
        reader: { Alphabetic: 'Reader^Parity' },
        assessedAt: new Date('2026-11-06T09:00:00Z'),
        aiResult: ref(lost),
        decisions: [{ decision: 'accept', label: 'abnormal', trackingUid: newUid() }],
      }),
    );
    await store(
      reportSr({
        source: orphanSource,
        author: { Alphabetic: 'Reader^Parity' },
        writtenAt: new Date('2026-11-06T10:00:00Z'),
        findings: [{ text: 'No effusion.' }],
        measurements: [],
        impression: 'Normal.',
      }),
    );

    // The watcher's StableStudy path indexes them (Orthanc calls a study stable 5 s after its last instance).
    const watcher = new ChangeWatcher({ db: db.pool, pacs, log: () => {} });
    const deadline = Date.now() + 60_000;
    for (;;) {
      await watcher.handleNextPage();
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM monitoring_documents');
      if (rows[0].n === stored) break;
      if (Date.now() > deadline) throw new Error(`indexed ${rows[0].n} of ${stored} SRs`);
      await new Promise((r) => setTimeout(r, 500));
    }

    const anonymous = await fetch(`${url}/api/monitoring`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${url}/api/monitoring?from=yesterday`, { headers: { 'x-test-user': 'reader' } })).status).toBe(400);
    const response = await fetch(`${url}/api/monitoring`, { headers: { 'x-test-user': 'reader' } });
    expect(response.status).toBe(200);
    const server = (await response.json()) as MonitoringReport;

    // The browser's way: every SR of every study from the PACS, then metrics.ts.
    const browser = monitoringSummary(await loadAllSrs(pacsClientOf(directTransport(pacs))));
    expect(browser.models.map((m) => m.model)).toEqual([`cxr-lungs@1.2.0 + cxr-triage@${VERSION}`, `cxr-triage@${VERSION}`, `cxr-triage@${VERSION}-b`]);
    expect(server.models.map((m) => m.model)).toEqual(browser.models.map((m) => m.model));
    for (const [i, m] of browser.models.entries()) {
      const s = server.models[i];
      expect(pick(s), m.model).toEqual(pick(m));
      const labels = [...new Set(m.probabilities.map((p) => p.label))].sort();
      expect(s.labels.filter((l) => l.n > 0).map((l) => l.label)).toEqual(labels);
      for (const label of labels) {
        const points = m.probabilities.filter((p) => p.label === label);
        const l = s.labels.find((x) => x.label === label)!;
        expect(l.n).toBe(points.length);
        expect(l.histogram).toEqual(histogram(points.map((p) => p.probability)));
        const days = dailyMeans(points);
        expect(l.days.map((d) => [d.day, d.n])).toEqual(days.map((d) => [d.day, d.n]));
        l.days.forEach((d, j) => expect(d.mean).toBeCloseTo(days[j].mean, 12));
      }
      // The weeks add up to the model.
      const sum = (key: 'aiResults' | 'assessedResults' | 'acceptedPositives' | 'falsePositives' | 'falseNegatives') => s.weeks.reduce((n, w) => n + w[key], 0);
      expect([sum('aiResults'), sum('assessedResults'), sum('acceptedPositives'), sum('falsePositives'), sum('falseNegatives')]).toEqual([
        m.aiResults,
        m.assessedResults,
        m.acceptedPositives,
        m.falsePositives,
        m.falseNegatives,
      ]);
    }
    // Hand check of the main model against the e2e count plus the later week: results 4 (+ the old one
    // read as unknown), positives assessed 4 + 2 (abnormal ✓, effusion ✗ newest) → accepted 3 + 1, FP 1 + 1.
    expect(server.models[1]).toMatchObject({
      aiResults: 4,
      assessedResults: 3,
      assessedPositives: 6,
      acceptedPositives: 4,
      falsePositives: 2,
      falseNegatives: 2,
    });
    expect(server.models[1].weeks.map((w) => w.week)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09']);
    expect(server.unknown).toEqual(Object.fromEntries(browser.unknown));
    expect(server.unknown).toEqual({ 'unsupported Dokuei template AI_RESULT_V0': 1 });
    expect([server.orphanAssessments, server.reports]).toEqual([browser.orphanAssessments, browser.reports]);
    expect([server.orphanAssessments, server.reports]).toEqual([1, 1]);
  }, 120_000);
});
