/** Row building from QIDO answers: table-driven, pure. */
import { describe, expect, it } from 'vitest';
import type { DicomJson } from '../../src/domain/dicom/dicom-json';
import { buildStudyFields, parseStudyDateTime } from '../../server/worklist/study-fields';
import { readingFieldsFromText } from '../../server/worklist/reading-fields';
import { evidenceUrgency } from '../../server/worklist/urgency';
import { summaryFromResult, triageInputOf } from '../../server/worklist/ai-summary';
import { levelName } from '../../server/worklist/levels';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { resultFromAnalysis } from '../../src/domain/ai/result/from-analysis';

const str = (vr: string, ...Value: unknown[]) => ({ vr, Value });
const study = (extra: DicomJson = {}): DicomJson => ({
  '0020000D': str('UI', '1.2.3'),
  '00100020': str('LO', 'P-1'),
  '00100010': str('PN', { Alphabetic: 'Doe^Jane' }),
  '00100040': str('CS', 'F'),
  '00080020': str('DA', '20240102'),
  '00080030': str('TM', '101500'),
  '00080050': str('SH', 'ACC-9'),
  '00081030': str('LO', 'Chest PA'),
  ...extra,
});
const series = (modality: string, number: number, extra: DicomJson = {}): DicomJson => ({
  '00080060': str('CS', modality),
  '00200011': str('IS', number),
  '0020000E': str('UI', `1.2.3.${number}`),
  ...extra,
});
const BODY = '00180015';
const PRIORITY = '00401003';

describe('buildStudyFields', () => {
  const cases: { name: string; study: DicomJson; series: DicomJson[]; expect: Record<string, unknown> }[] = [
    {
      name: 'a single CR series gives modality, body part and priority',
      study: study(),
      series: [series('CR', 1, { [BODY]: str('CS', 'chest'), [PRIORITY]: str('CS', 'stat ') })],
      expect: { modality: 'CR', bodyPart: 'CHEST', priority: 'STAT', patientName: 'DOE, Jane', accession: 'ACC-9' },
    },
    {
      name: 'the AI SR and SEG series are never the source (newest instance problem)',
      study: study({ '00080061': str('CS', 'CR', 'SR', 'SEG'), [PRIORITY]: str('CS', 'LOW') }),
      series: [
        series('SR', 9001, { [PRIORITY]: str('CS', 'LOW') }),
        series('SEG', 9902, { [BODY]: str('CS', 'LUNG') }),
        series('CR', 1, { [BODY]: str('CS', 'CHEST'), [PRIORITY]: str('CS', 'HIGH') }),
      ],
      expect: { modality: 'CR', bodyPart: 'CHEST', priority: 'HIGH' },
    },
    {
      name: 'several image modalities are listed once each, lowest series number first',
      study: study(),
      series: [series('DX', 3), series('CR', 1, { [BODY]: str('CS', '') }), series('CR', 2, { [BODY]: str('CS', 'THORAX') })],
      expect: { modality: 'CR\\DX', bodyPart: 'THORAX', priority: null },
    },
    {
      name: 'no series answered yet: ModalitiesInStudy without SR',
      study: study({ '00080061': str('CS', 'SR', 'CT') }),
      series: [],
      expect: { modality: 'CT', bodyPart: null },
    },
    {
      name: 'blank optional fields become null',
      study: study({ '00080050': str('SH'), '00081030': undefined as never, '00080020': str('DA', '2024') }),
      series: [series('CR', 1)],
      expect: { accession: null, description: null, studyDate: '2024', studyDateTime: null },
    },
    {
      name: 'acquired at StudyDate + StudyTime, with its offset from UTC',
      study: study({ '00080201': str('SH', '+0100') }),
      series: [series('CR', 1)],
      expect: { acquiredAt: new Date(Date.UTC(2024, 0, 2, 9, 15)) },
    },
    {
      name: 'no StudyDate: acquired at the earliest image series, never at the SR',
      study: study({ '00080020': str('DA'), '00080201': str('SH', '+0000') }),
      series: [
        series('CR', 2, { '00080021': str('DA', '20240102'), '00080031': str('TM', '0930') }),
        series('CR', 1, { '0008002A': str('DT', '20240102091000') }),
        series('SR', 3, { '00080021': str('DA', '20240102'), '00080031': str('TM', '0800') }),
      ],
      expect: { acquiredAt: new Date(Date.UTC(2024, 0, 2, 9, 10)) },
    },
  ];
  it.each(cases)('$name', ({ study: s, series: list, expect: expected }) => {
    const fields = buildStudyFields('orthanc-id', s, list);
    expect(fields).toMatchObject({ studyUid: '1.2.3', orthancId: 'orthanc-id', patientId: 'P-1', ...expected });
  });

  it.each([
    ['20240102', '101500', '2024-01-02T10:15:00.000Z'],
    ['20240102', '1015', '2024-01-02T10:15:00.000Z'],
    ['20240102', '10:15:30.123', '2024-01-02T10:15:30.000Z'],
    ['20240102', '', '2024-01-02T00:00:00.000Z'],
    ['20240230', '', null],
    ['', '101500', null],
  ])('parseStudyDateTime(%s, %s) = %s', (date, time, iso) => {
    expect(parseStudyDateTime(date, time)?.toISOString() ?? null).toBe(iso);
  });
});

describe('reading fields', () => {
  it.each([
    [null, { readingState: 'unread', claimedBy: null }],
    ['not json', { readingState: 'unread', claimedBy: null }],
    [JSON.stringify({ status: 'in-progress', stamp: { by: 'alice', at: '2024-01-01T00:00:00Z' } }), { readingState: 'in-progress', claimedBy: 'alice' }],
    [JSON.stringify({ status: 'read', stamp: { by: 'bob', at: '2024-01-01T00:00:00Z' } }), { readingState: 'read', claimedBy: 'bob' }],
  ])('%s', (text, expected) => {
    expect(readingFieldsFromText(text)).toEqual(expected);
  });
});

describe('stored urgency (evidence only)', () => {
  const result = (findings: StudyAiResult['findings'], notApplicable?: string): StudyAiResult => ({
    origin: 'computed',
    modelKey: 'k',
    studyInstanceUid: '1',
    seriesInstanceUid: '2',
    sopInstanceUid: '3',
    computedAt: '2024-01-01T00:00:00.000Z',
    findings,
    qaFlags: [],
    lungAreas: [],
    ...(notApplicable ? { notApplicable } : {}),
  });
  const manifests = [{ heads: [{ clinicalClass: { pneumothorax: 'critical', effusion: 'urgent' } }] }] as never;
  it.each([
    { name: 'no AI yet, no priority', priority: null, ai: null, level: 'routine', score: 150 },
    { name: 'no AI yet, STAT', priority: 'STAT', ai: null, level: 'critical', score: 1050 },
    {
      name: 'positive critical finding',
      priority: 'ROUTINE',
      ai: result([{ label: 'pneumothorax', probability: 0.9, threshold: 0.5, positive: true }]),
      level: 'critical',
      score: 1140,
    },
    {
      name: 'positive urgent finding',
      priority: null,
      ai: result([{ label: 'effusion', probability: 0.5, threshold: 0.5, positive: true }]),
      level: 'urgent',
      score: 500,
    },
    {
      name: 'negative findings',
      priority: 'LOW',
      ai: result([{ label: 'effusion', probability: 0.1, threshold: 0.5, positive: false }]),
      level: 'low',
      score: 0,
    },
    { name: 'not applicable', priority: 'ROUTINE', ai: result([], 'OOD'), level: 'routine', score: 150 },
  ])('$name → $level', ({ priority, ai, level, score }) => {
    const summary = ai ? summaryFromResult(ai, manifests) : null;
    const urgency = evidenceUrgency(priority, summary);
    expect(levelName(urgency.level)).toBe(level);
    expect(urgency.score).toBeCloseTo(score, 5);
    expect(urgency.reasons.some((r) => r.kind === 'waiting')).toBe(false);
  });

  it("a child's film: the worker's row says paediatric, keeps the requested priority and no AI urgency", () => {
    const effusion = { label: 'effusion', probability: 0.9, threshold: 0.5, positive: true };
    const analysis = {
      width: 8,
      height: 8,
      skipped: [],
      models: [{ id: 't', version: '1', task: 'classification', heads: [{ kind: 'multilabel', head: 'findings', findings: [effusion] }] }],
    } as never;
    const child = { '00101010': { vr: 'AS', Value: ['006Y'] } };
    const summary = summaryFromResult(resultFromAnalysis(analysis, [], child), manifests);
    expect(summary).toMatchObject({ status: 'not-applicable', findings: [], positives: [] });
    expect(summary.detail).toMatch(/^paediatric \(age 6Y;/);
    expect(levelName(evidenceUrgency('ROUTINE', summary).level)).toBe('routine');
  });

  it('summaries keep the clinical class and list positives strongest first', () => {
    const summary = summaryFromResult(
      result([
        { label: 'effusion', probability: 0.6, threshold: 0.5, positive: true },
        { label: 'pneumothorax', probability: 0.95, threshold: 0.5, positive: true },
      ]),
      manifests,
    );
    expect(summary.positives).toEqual(['pneumothorax', 'effusion']);
    expect(triageInputOf(summary)).toMatchObject({ status: 'done', findings: [{ label: 'effusion', clinicalClass: 'urgent' }, { clinicalClass: 'critical' }] });
  });
});
