import { describe, expect, it } from 'vitest';
import { buildTimeline, type ExamMeasures } from '../../../src/domain/priors/timeline';
import { mainFindingSeries, sparklineOf, sparklinePath } from '../../../src/domain/priors/sparkline';

const BOX = { width: 100, height: 20, pad: 2 };
const FINDINGS = [
  { id: 'effusion', label: 'effusion', threshold: 0.6 },
  { id: 'nodule', label: 'nodule', threshold: 0.5 },
  { id: 'lungArea', label: 'Lung area', unit: 'cm²' },
];
const exam = (uid: string, studyDate: string, values: Record<string, number>): ExamMeasures => ({ studyInstanceUid: uid, studyDate, values });

describe('mainFindingSeries', () => {
  it('takes the finding highest on the current exam, never lung area', () => {
    const timeline = buildTimeline(
      [exam('a', '20260101', { effusion: 0.9, nodule: 0.1, lungArea: 900 }), exam('b', '20260201', { effusion: 0.2, nodule: 0.4, lungArea: 800 })],
      FINDINGS,
      'b',
    );
    expect(mainFindingSeries(timeline)?.measure.id).toBe('nodule');
  });

  it('without a current value, takes the highest value of any exam; nothing without findings', () => {
    const timeline = buildTimeline([exam('a', '20260101', { effusion: 0.3, nodule: 0.7 }), exam('b', '20260201', {})], FINDINGS, 'b');
    expect(mainFindingSeries(timeline)?.measure.id).toBe('nodule');
    expect(mainFindingSeries(buildTimeline([exam('a', '20260101', { lungArea: 900 })], FINDINGS, 'a'))).toBeUndefined();
  });
});

describe('sparklinePath', () => {
  it('joins a run of segments under one move and starts anew after a gap', () => {
    expect(
      sparklinePath([
        [2, 18, 10, 10],
        [10, 10, 20, 5],
        [40, 6, 50.04, 2],
      ]),
    ).toBe('M2 18 L10 10 L20 5 M40 6 L50 2');
    expect(sparklinePath([])).toBe('');
  });
});

describe('sparklineOf', () => {
  it('places one point per exam with a value, oldest left, the threshold as a line, gaps where a value is missing', () => {
    const timeline = buildTimeline(
      [exam('a', '20260101', { effusion: 0.2 }), exam('b', '20260111', {}), exam('c', '20260121', { effusion: 1 }), exam('d', '20260131', { effusion: 0 })],
      FINDINGS,
      'd',
    );
    const line = sparklineOf(timeline, BOX)!;
    expect(line.series.measure.id).toBe('effusion');
    expect(line.plot.points.map((p) => [p.x, p.y])).toEqual([
      [2, 2 + 0.8 * 16],
      [2 + (2 / 3) * 96, 2],
      [98, 18],
    ]);
    expect(line.plot.gaps.map((g) => g.studyInstanceUid)).toEqual(['b']);
    expect(line.plot.thresholdY).toBeCloseTo(2 + 0.4 * 16);
    // a → c is broken by b's missing value; c → d is joined.
    expect(line.path).toBe('M66 2 L98 18');
  });
});
