import { describe, expect, it } from 'vitest';
import { dailyMeans, histogram, monitoringSummary } from '../../../../src/domain/reading/monitoring/metrics';
import { buildWorld, type Case, f, V1, V2 } from './monitoring-world';

const T = (n: number) => `1.2.826.0.1.3680043.8.498.5.${n}`;

/**
 * Hand counts, v1:
 *  case 1: abnormal+ accepted, effusion+ rejected, pneumonia− untouched          → TP 1, FP 1
 *  case 2: abnormal+ edited (region), effusion+ accepted then rejected (newest), reader adds pneumonia → TP 1, FP 1, FN 1
 *  case 3: abnormal+ not assessed; OOD; QA flag                                   → nothing assessed
 *  v1 totals: assessed positives 4, accepted 2, FP 2, FN 1 → PPV 2/4, sensitivity 2/3; OOD 1/2 (case 2 has no score), QA 1/3
 * v2: case 4: abnormal+ accepted; reader adds effusion and then rejects that addition → TP 1, FN 0 → PPV 1/1, sens 1/1
 */
const cases: Case[] = [
  {
    algorithms: V1,
    day: '2026-01-01',
    findings: [f('abnormal', 0.9, true, T(1)), f('effusion', 0.6, true, T(2)), f('pneumonia', 0.1, false, T(3))],
    ood: { score: 10, threshold: 100, outOfDistribution: false },
    assessments: [
      [
        { decision: 'accept', label: 'abnormal', trackingUid: T(1) },
        { decision: 'reject', label: 'effusion', trackingUid: T(2), reason: 'artefact' },
      ],
    ],
  },
  {
    algorithms: V1,
    day: '2026-01-02',
    findings: [f('abnormal', 0.7, true, T(4)), f('effusion', 0.55, true, T(5))],
    assessments: [
      [
        { decision: 'edit', label: 'abnormal', trackingUid: T(4), region: { kind: 'point', x: 1, y: 2 } },
        { decision: 'accept', label: 'effusion', trackingUid: T(5) },
      ],
      [{ decision: 'reject', label: 'effusion', trackingUid: T(5) }],
      [{ decision: 'add', label: 'pneumonia', trackingUid: T(6) }],
    ],
  },
  {
    algorithms: V1,
    day: '2026-01-02',
    findings: [f('abnormal', 0.8, true, T(7))],
    ood: { score: 500, threshold: 100, outOfDistribution: true },
    qaFlags: [{ kind: 'rotated' }],
  },
  {
    algorithms: V2,
    day: '2026-01-03',
    findings: [f('abnormal', 0.95, true, T(8))],
    assessments: [
      [
        { decision: 'accept', label: 'abnormal', trackingUid: T(8) },
        { decision: 'add', label: 'effusion', trackingUid: T(9) },
      ],
      [{ decision: 'reject', label: 'effusion', trackingUid: T(9) }],
    ],
  },
];

describe('monitoringSummary', () => {
  const summary = monitoringSummary(buildWorld(cases));
  const [v1, v2] = summary.models;

  it.each([
    ['model', v1.model, 'cxr-triage@1.0.0'],
    ['AI results', v1.aiResults, 3],
    ['assessed results', v1.assessedResults, 2],
    ['assessed positives', v1.assessedPositives, 4],
    ['accepted positives', v1.acceptedPositives, 2],
    ['false positives', v1.falsePositives, 2],
    ['false negatives', v1.falseNegatives, 1],
    ['PPV', v1.ppv, 0.5],
    ['sensitivity', v1.sensitivity, 2 / 3],
    ['OOD', v1.ood, { count: 1, of: 2 }],
    ['QA flagged', v1.qaFlagged, { count: 1, of: 3 }],
    ['probabilities', v1.probabilities.length, 6],
    ['v2 model', v2.model, 'cxr-triage@2.0.0'],
    ['v2 PPV', v2.ppv, 1],
    ['v2 sensitivity (a retracted addition is no miss)', v2.sensitivity, 1],
    ['v2 false negatives', v2.falseNegatives, 0],
  ])('v1/v2 %s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('counts unknown SRs and orphan assessments without failing', () => {
    const world = buildWorld(cases.slice(0, 1));
    const withForeign = [...world.slice(1), { kind: 'unknown' as const, reason: 'not a Dokuei SR' }, { kind: 'unknown' as const, reason: 'not a Dokuei SR' }];
    const s = monitoringSummary(withForeign);
    expect(s.models).toEqual([]);
    expect(s.orphanAssessments).toBe(1);
    expect([...s.unknown]).toEqual([['not a Dokuei SR', 2]]);
  });

  it('gives no ratio when nothing was assessed', () => {
    const [m] = monitoringSummary(buildWorld([cases[2]])).models;
    expect([m.ppv, m.sensitivity]).toEqual([null, null]);
  });
});

describe('histogram and daily means', () => {
  it.each([
    [
      [0, 0.05, 0.1, 0.99, 1],
      [2, 1, 0, 0, 0, 0, 0, 0, 0, 2],
    ],
    [
      [0.5, -1, 2, Number.NaN],
      [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    ],
  ])('bins %j', (values, counts) => {
    expect(histogram(values).map((b) => b.count)).toEqual(counts);
  });

  it('averages per UTC day, oldest first', () => {
    const at = (iso: string) => new Date(iso);
    const days = dailyMeans([
      { label: 'a', probability: 0.5, at: at('2026-01-02T23:59:00Z') },
      { label: 'a', probability: 0.2, at: at('2026-01-01T00:00:00Z') },
      { label: 'a', probability: 0.7, at: at('2026-01-02T00:10:00Z') },
    ]);
    expect(days.map((d) => [d.day, d.n, Number(d.mean.toFixed(3))])).toEqual([
      ['2026-01-01', 1, 0.2],
      ['2026-01-02', 2, 0.6],
    ]);
  });
});
