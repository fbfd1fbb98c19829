import { describe, expect, it } from 'vitest';
import { histogram, monitoringSummary } from '../../../../src/domain/reading/monitoring/metrics';
import { assertServerReport, type ServerMonitoringReport, sourceText, viewFromServer, viewFromSummary } from '../../../../src/services/reading/monitoring/view';
import type { MonitoringReport } from '../../../../src/domain/reading/monitoring/api-report';
import { buildWorld, type Case, f, V1 } from '../../../domain/reading/monitoring/monitoring-world';

const T = (n: number) => `1.2.826.0.1.3680043.8.498.6.${n}`;

/** v1: abnormal 0.9 (01-01), 0.7 and 0.8 (01-02); effusion 0.6 (01-01); reader adds pneumonia on case 2. */
const cases: Case[] = [
  {
    algorithms: V1,
    day: '2026-01-01',
    findings: [f('abnormal', 0.9, true, T(1)), f('effusion', 0.6, true, T(2))],
    ood: { score: 10, threshold: 100, outOfDistribution: false },
    assessments: [
      [
        { decision: 'accept', label: 'abnormal', trackingUid: T(1) },
        { decision: 'reject', label: 'effusion', trackingUid: T(2) },
      ],
    ],
  },
  {
    algorithms: V1,
    day: '2026-01-02',
    findings: [f('abnormal', 0.7, true, T(3))],
    assessments: [
      [
        { decision: 'accept', label: 'abnormal', trackingUid: T(3) },
        { decision: 'add', label: 'pneumonia', trackingUid: T(4) },
      ],
    ],
  },
  { algorithms: V1, day: '2026-01-02', findings: [f('abnormal', 0.8, true, T(5))], qaFlags: [{ kind: 'rotated' }] },
];

const bins = (...counts: Array<[number, number]>) => {
  const all = histogram([]);
  for (const [bin, count] of counts) all[bin].count = count;
  return all;
};

/** What GET /api/monitoring answers for the same SRs (counted by hand, as the server's types spell it). */
const serverReport: MonitoringReport = {
  models: [
    {
      model: 'cxr-triage@1.0.0',
      aiResults: 3,
      assessedResults: 2,
      assessedPositives: 3,
      acceptedPositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      ppv: 2 / 3,
      sensitivity: 2 / 3,
      ood: { count: 0, of: 1 },
      qaFlagged: { count: 1, of: 3 },
      labels: [
        // Server order is by label already; shuffled here: the view sorts.
        {
          label: 'pneumonia',
          n: 0,
          mean: null,
          assessedPositives: 0,
          acceptedPositives: 0,
          falsePositives: 0,
          falseNegatives: 1,
          ppv: null,
          sensitivity: 0,
          histogram: bins(),
          days: [],
        },
        {
          label: 'abnormal',
          n: 3,
          mean: 0.8,
          assessedPositives: 2,
          acceptedPositives: 2,
          falsePositives: 0,
          falseNegatives: 0,
          ppv: 1,
          sensitivity: 1,
          histogram: bins([7, 1], [8, 1], [9, 1]),
          days: [
            { day: '2026-01-01', n: 1, mean: 0.9 },
            { day: '2026-01-02', n: 2, mean: 0.75 },
          ],
        },
        {
          label: 'effusion',
          n: 1,
          mean: 0.6,
          assessedPositives: 1,
          acceptedPositives: 0,
          falsePositives: 1,
          falseNegatives: 0,
          ppv: 0,
          sensitivity: null,
          histogram: bins([6, 1]),
          days: [{ day: '2026-01-01', n: 1, mean: 0.6 }],
        },
      ],
      weeks: [],
    },
  ],
  unknown: { 'unsupported Dokuei template AI_RESULT_V0': 2, 'not a Dokuei SR (template DCMR 1500)': 1 },
  orphanAssessments: 1,
  reports: 4,
  filter: {},
  generatedAt: '2026-01-03T00:00:00.000Z',
  ms: 61.3,
};

describe('viewFromServer', () => {
  // Compile-time: the server's answer type is what the page reads.
  const wire: ServerMonitoringReport = serverReport;
  const view = viewFromServer(wire);
  const [model] = view.models;

  it('keeps the figures and drops what the page does not show (weeks, per-label agreement)', () => {
    expect(model).toEqual({
      model: 'cxr-triage@1.0.0',
      aiResults: 3,
      assessedResults: 2,
      assessedPositives: 3,
      acceptedPositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      ppv: 2 / 3,
      sensitivity: 2 / 3,
      ood: { count: 0, of: 1 },
      qaFlagged: { count: 1, of: 3 },
      labels: expect.any(Array),
    });
    expect(model.labels[0]).toEqual({
      label: 'abnormal',
      n: 3,
      mean: 0.8,
      histogram: serverReport.models[0].labels[1].histogram,
      days: serverReport.models[0].labels[1].days,
    });
  });

  it('sorts labels and keeps a label only readers added (n 0, mean null, nothing to plot)', () => {
    expect(model.labels.map((l) => [l.label, l.n, l.mean])).toEqual([
      ['abnormal', 3, 0.8],
      ['effusion', 1, 0.6],
      ['pneumonia', 0, null],
    ]);
    expect(model.labels[2].days).toEqual([]);
    expect(model.labels[2].histogram.every((b) => b.count === 0)).toBe(true);
  });

  it('gives unknown back as a Map, notes as they are, and where it was computed', () => {
    expect(view.unknown).toEqual(
      new Map([
        ['unsupported Dokuei template AI_RESULT_V0', 2],
        ['not a Dokuei SR (template DCMR 1500)', 1],
      ]),
    );
    expect([view.orphanAssessments, view.reports]).toEqual([1, 4]);
    expect(view.source).toEqual({ where: 'server', ms: 61.3, aiResults: 3, generatedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('an empty archive: no models, an empty Map', () => {
    const empty = viewFromServer({ models: [], unknown: {}, orphanAssessments: 0, reports: 0, generatedAt: 'x', ms: 1 });
    expect(empty.models).toEqual([]);
    expect(empty.unknown.size).toBe(0);
    expect(empty.source).toMatchObject({ where: 'server', aiResults: 0 });
  });
});

describe('viewFromSummary (the browser fallback)', () => {
  const view = viewFromSummary(monitoringSummary(buildWorld(cases)), { studies: 1, ms: 2400 });
  const [model] = view.models;

  it('has the same figures as the server report, without the probability points', () => {
    const { labels: _server, weeks: _weeks, ...figures } = serverReport.models[0];
    const { labels: _browser, ...mine } = model;
    expect(mine).toEqual(figures);
    expect(model).not.toHaveProperty('probabilities');
  });

  it('draws the same plots as the server: per label with findings, n, mean, histogram, daily means', () => {
    const plotted = viewFromServer(serverReport).models[0].labels.filter((l) => l.n > 0);
    expect(model.labels.map((l) => l.label)).toEqual(plotted.map((l) => l.label));
    for (const [i, label] of model.labels.entries()) {
      const server = plotted[i];
      expect(label.n).toBe(server.n);
      expect(label.mean).toBeCloseTo(server.mean!, 12);
      expect(label.histogram).toEqual(server.histogram);
      expect(label.days.map((d) => [d.day, d.n])).toEqual(server.days.map((d) => [d.day, d.n]));
      label.days.forEach((d, j) => expect(d.mean).toBeCloseTo(server.days[j].mean, 12));
    }
  });

  it('says it was computed in the browser, over how many studies', () => {
    expect(view.source).toEqual({ where: 'browser', ms: 2400, studies: 1 });
    expect(view.unknown).toEqual(new Map());
  });
});

describe('sourceText', () => {
  it.each([
    [{ where: 'server', ms: 61.3, aiResults: 10_000, generatedAt: '' } as const, 'Computed on the server in 61 ms over 10,000 AI result(s).'],
    [{ where: 'server', ms: 1520, aiResults: 3, generatedAt: '' } as const, 'Computed on the server in 1.5 s over 3 AI result(s).'],
    [{ where: 'browser', ms: 2400, studies: 1 } as const, 'Computed in this browser in 2.4 s over 1 study read from the PACS (the server has no database).'],
    [
      { where: 'browser', ms: 12, studies: 120 } as const,
      'Computed in this browser in 12 ms over 120 studies read from the PACS (the server has no database).',
    ],
  ])('%j', (source, text) => expect(sourceText(source)).toBe(text));
});

describe('assertServerReport', () => {
  it('accepts a report', () => expect(() => assertServerReport(serverReport)).not.toThrow());
  it.each([
    ['null', null],
    ['a string', '<!doctype html>'],
    ['no models', { unknown: {}, ms: 1 }],
    ['a model without labels', { models: [{ model: 'm' }], unknown: {}, ms: 1 }],
    ['no unknown', { models: [], ms: 1 }],
    ['no ms', { models: [], unknown: {} }],
  ])('rejects %s', (_name, body) => expect(() => assertServerReport(body)).toThrow('not a report'));
});
