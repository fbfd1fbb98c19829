import { describe, expect, it } from 'vitest';
import type { StudyAiResult, StudyAiStatus } from '../../../src/domain/ai/result/types';
import type { StudySummary } from '../../../src/domain/priors/prior-lookup';
import { buildTimeline, newSincePrior } from '../../../src/domain/priors/timeline';
import { LUNG_AREA, missingReason, timelineInput } from '../../../src/domain/priors/timeline-measures';
import { plotSeries } from '../../../src/domain/priors/timeline-plot';

const study = (uid: string, studyDate?: string): StudySummary => ({ studyInstanceUid: uid, patientID: 'P', studyDate, modalities: ['DX'] });

function done(effusion: number, areaCm2?: number, threshold = 0.5, notApplicable?: string): StudyAiStatus {
  const result: StudyAiResult = {
    origin: 'pacs-sr',
    modelKey: 'k',
    studyInstanceUid: 'x',
    seriesInstanceUid: 'x.1',
    sopInstanceUid: 'x.1.1',
    computedAt: '2026-11-20T00:00:00Z',
    findings: [{ label: 'effusion', probability: effusion, threshold, positive: effusion >= threshold }],
    qaFlags: [],
    lungAreas:
      areaCm2 === undefined
        ? []
        : [
            { side: 'right', areaCm2: areaCm2 / 2 },
            { side: 'both', areaCm2 },
          ],
    ...(notApplicable && { notApplicable }),
  };
  return { phase: 'done', result };
}

const studies = [study('old', '20250101'), study('mid', '20250601'), study('now', '20261120'), study('undated')];
const statuses: Record<string, StudyAiStatus> = {
  old: done(0.2, 600),
  mid: { phase: 'running' },
  now: done(0.8, 550, 0.4),
  undated: { phase: 'failed', message: 'HTTP 500' },
};

describe('timelineInput', () => {
  const input = timelineInput(studies, statuses, 'now');

  it('takes finding probabilities and the total lung area; thresholds from the current exam', () => {
    expect(input.measures).toEqual([{ id: 'effusion', label: 'effusion', threshold: 0.4 }, LUNG_AREA]);
    expect(input.exams.map((e) => [e.studyInstanceUid, e.values])).toEqual([
      ['old', { effusion: 0.2, lungArea: 600 }],
      ['mid', {}],
      ['now', { effusion: 0.8, lungArea: 550 }],
      ['undated', {}],
    ]);
  });

  it('keeps findings the AI calls not applicable off the chart, and has no lung area measure without areas', () => {
    const { exams, measures } = timelineInput([study('now', '20261120')], { now: done(0.9, undefined, 0.5, 'OOD') }, 'now');
    expect(exams[0].values).toEqual({});
    expect(measures).toEqual([]);
  });

  it.each<[StudyAiStatus | undefined, string | undefined]>([
    [undefined, 'AI result pending'],
    [{ phase: 'queued' }, 'AI result pending'],
    [{ phase: 'no-model', reason: 'no CR/DX image' }, 'no AI: no CR/DX image'],
    [{ phase: 'failed', message: 'HTTP 500' }, 'AI failed: HTTP 500'],
    [done(0.1, undefined, 0.5, 'OOD score high'), 'AI not applicable: OOD score high'],
    [done(0.1), undefined],
  ])('missingReason(%j) → %s', (status, reason) => {
    expect(missingReason(status)).toBe(reason);
  });

  it('feeds the new-since-prior flag across a pending exam', () => {
    const timeline = buildTimeline(input.exams, input.measures, 'now');
    expect(newSincePrior(timeline).map((f) => [f.measure.id, f.previous, f.current, f.previousStudyUid])).toEqual([['effusion', 0.2, 0.8, 'old']]);
  });
});

describe('plotSeries', () => {
  const box = { width: 100, height: 50, pad: 5 };
  const { exams, measures } = timelineInput(studies, statuses, 'now');
  const timeline = buildTimeline(exams, measures, 'now');
  const effusion = plotSeries(timeline.series[0], timeline.exams, box);

  it('places the oldest exam left, the newest right and probabilities on a 0–1 axis', () => {
    expect(effusion.points.map((p) => [p.point.studyInstanceUid, p.x])).toEqual([
      ['old', 5],
      ['now', 95],
    ]);
    expect(effusion.points[0].y).toBeCloseTo(5 + 0.8 * 40);
    expect(effusion.points[1].y).toBeCloseTo(5 + 0.2 * 40);
    expect(effusion.thresholdY).toBeCloseTo(5 + 0.6 * 40);
    expect(effusion.currentX).toBe(95);
  });

  it('breaks the line at an exam without a value and marks the gap there', () => {
    expect(effusion.segments).toEqual([]);
    expect(effusion.gaps.map((g) => g.studyInstanceUid)).toEqual(['mid']);
    expect(effusion.gaps[0].x).toBeGreaterThan(5);
    expect(effusion.gaps[0].x).toBeLessThan(95);
  });

  it('joins consecutive exams and pads a unit measure around its values', () => {
    const withMid = { ...statuses, mid: done(0.3, 580) };
    const input = timelineInput(studies, withMid, 'now');
    const built = buildTimeline(input.exams, input.measures, 'now');
    const area = plotSeries(built.series[1], built.exams, box);
    expect(area.segments).toHaveLength(2);
    expect(area.yRange).toEqual([545, 605]);
    expect(area.thresholdY).toBeUndefined();
  });

  it('marks the current exam on the axis even before it has a value', () => {
    const pending = timelineInput(studies, { ...statuses, now: { phase: 'queued' } }, 'now');
    const built = buildTimeline(pending.exams, pending.measures, 'now');
    const plot = plotSeries(built.series[0], built.exams, box);
    expect(plot.points.map((p) => p.point.studyInstanceUid)).toEqual(['old']);
    expect(plot.currentX).toBe(95);
  });

  it('puts a lone exam in the middle', () => {
    const lone = buildTimeline([{ studyInstanceUid: 'now', studyDate: '20261120', values: { effusion: 0.5 } }], [measures[0]], 'now');
    expect(plotSeries(lone.series[0], lone.exams, box).points[0].x).toBe(50);
  });
});
