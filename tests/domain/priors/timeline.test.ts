import { describe, expect, it } from 'vitest';
import { buildTimeline, newSincePrior, type ExamMeasures, type MeasureDefinition } from '../../../src/domain/priors/timeline';

const effusion: MeasureDefinition = { id: 'Effusion', label: 'Effusion', threshold: 0.5 };
const pneumonia: MeasureDefinition = { id: 'Pneumonia', label: 'Pneumonia', threshold: 0.4 };
const lungArea: MeasureDefinition = { id: 'lungArea', label: 'Lung area', unit: 'cm²' };
const measures = [effusion, pneumonia, lungArea];

const exams: ExamMeasures[] = [
  { studyInstanceUid: 'now', studyDate: '20240601', studyTime: '0900', values: { Effusion: 0.7, Pneumonia: 0.45, lungArea: 610 } },
  { studyInstanceUid: 'older', studyDate: '20230101', values: { Effusion: 0.1, Pneumonia: 0.6, lungArea: 655 } },
  { studyInstanceUid: 'prior', studyDate: '20240520', values: { Effusion: 0.2, lungArea: NaN } },
  { studyInstanceUid: 'undated', values: { Effusion: 0.9 } },
];

describe('buildTimeline', () => {
  const timeline = buildTimeline(exams, measures, 'now');
  const series = (id: string) => timeline.series.find((s) => s.measure.id === id)!;

  it('orders each series oldest first and marks the current exam', () => {
    expect(series('Effusion').points.map((p) => [p.studyInstanceUid, p.value, p.isCurrent, p.positive])).toEqual([
      ['older', 0.1, false, false],
      ['prior', 0.2, false, false],
      ['now', 0.7, true, true],
    ]);
  });

  it('leaves out exams without the measure or with a non-finite value; no positivity without a threshold', () => {
    expect(series('Pneumonia').points.map((p) => p.studyInstanceUid)).toEqual(['older', 'now']);
    expect(series('lungArea').points.map((p) => [p.studyInstanceUid, p.positive])).toEqual([
      ['older', undefined],
      ['now', undefined],
    ]);
  });

  it('lists every dated exam oldest first, with or without values', () => {
    expect(timeline.exams.map((e) => [e.studyInstanceUid, e.isCurrent])).toEqual([
      ['older', false],
      ['prior', false],
      ['now', true],
    ]);
  });

  it('lists exams it cannot place in time', () => {
    expect(timeline.undatedStudyUids).toEqual(['undated']);
  });

  it('uses date and time as the x coordinate', () => {
    expect(series('Effusion').points.at(-1)!.time).toBe(Date.UTC(2024, 5, 1, 9));
  });
});

describe('newSincePrior', () => {
  it('reports a finding positive now and negative on the exam just before, compared per measure', () => {
    // Effusion: 0.2 → 0.7 is new. Pneumonia: its last value before now is 0.6 (positive) → not new.
    const found = newSincePrior(buildTimeline(exams, measures, 'now'));
    expect(found).toEqual([{ measure: effusion, current: 0.7, previous: 0.2, previousStudyUid: 'prior' }]);
  });

  it.each<[string, ExamMeasures[], string[]]>([
    ['positive on both exams', [exam('p', '20240101', 0.6), exam('c', '20240201', 0.7)], []],
    ['negative now', [exam('p', '20240101', 0.1), exam('c', '20240201', 0.3)], []],
    ['no earlier exam', [exam('c', '20240201', 0.9)], []],
    ['exactly at the threshold counts as positive', [exam('p', '20240101', 0.49), exam('c', '20240201', 0.5)], ['Effusion']],
    ['only a later exam was negative', [exam('c', '20240101', 0.9), exam('later', '20240201', 0.1)], []],
    ['the current exam is undated', [exam('p', '20240101', 0.1), exam('c', undefined, 0.9)], []],
  ])('%s → %j', (_, history, expected) => {
    expect(newSincePrior(buildTimeline(history, [effusion], 'c')).map((f) => f.measure.id)).toEqual(expected);
  });
});

function exam(uid: string, date: string | undefined, effusionValue: number): ExamMeasures {
  return { studyInstanceUid: uid, studyDate: date, values: { Effusion: effusionValue } };
}
