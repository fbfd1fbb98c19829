import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_CONFIG as DEFAULTS } from '../../../src/domain/triage/config';
import { LEVEL_RANK, compareUrgency, triageWorklist } from '../../../src/domain/triage/order';
import type { TriageInput } from '../../../src/domain/triage/types';
import { NOW, finding, minutesAgo, study } from './fixtures';

const uidsInOrder = (inputs: TriageInput[], now = NOW) => triageWorklist(inputs, now).map((r) => r.studyInstanceUid);
const urgentFinding = finding({ label: 'effusion', clinicalClass: 'urgent', probability: 0.7, threshold: 0.4 });

describe('worklist order', () => {
  it.each<[string, TriageInput[], string[]]>([
    [
      'critical AI on a routine request above STAT alone (both critical)',
      [study({ studyInstanceUid: 'stat', requestPriority: 'STAT' }), study({ studyInstanceUid: 'ptx', ai: { status: 'done', findings: [finding()] } })],
      ['ptx', 'stat'],
    ],
    [
      'STAT with a critical finding above either alone',
      [
        study({ studyInstanceUid: 'stat', requestPriority: 'STAT' }),
        study({ studyInstanceUid: 'ptx', ai: { status: 'done', findings: [finding()] } }),
        study({ studyInstanceUid: 'both', requestPriority: 'STAT', ai: { status: 'done', findings: [finding()] } }),
      ],
      ['both', 'ptx', 'stat'],
    ],
    [
      'fresh critical > overdue routine > fresh urgent > fresh routine > low',
      [
        study({ studyInstanceUid: 'low', requestPriority: 'LOW' }),
        study({ studyInstanceUid: 'routine' }),
        study({ studyInstanceUid: 'urgent', ai: { status: 'done', findings: [urgentFinding] } }),
        study({ studyInstanceUid: 'overdue', arrivedAt: minutesAgo(DEFAULTS.aging.capMinutes) }),
        study({ studyInstanceUid: 'critical', ai: { status: 'done', findings: [finding()] } }),
      ],
      ['critical', 'overdue', 'urgent', 'routine', 'low'],
    ],
    [
      'overdue: longest wait first, whatever the evidence',
      [
        study({
          studyInstanceUid: 'urgent',
          arrivedAt: minutesAgo(DEFAULTS.aging.capMinutes + 1),
          ai: { status: 'done', findings: [urgentFinding] },
        }),
        study({ studyInstanceUid: 'low', requestPriority: 'LOW', arrivedAt: minutesAgo(DEFAULTS.aging.capMinutes + 10) }),
      ],
      ['low', 'urgent'],
    ],
    [
      // Hand-computed: ROUTINE 100 + 9 QA flags × 25 = 325 (routine) + 19 min × 5 = 420 > HIGH 400 (urgent) + 0.
      'aging stays within the level: a routine study at 420 points stays below a fresh urgent one at 400',
      [
        study({ studyInstanceUid: 'routine-19', arrivedAt: minutesAgo(19), qaFlags: Array.from({ length: 9 }, (_, i) => `flag ${i}`) }),
        study({ studyInstanceUid: 'urgent-0', requestPriority: 'HIGH' }),
      ],
      ['urgent-0', 'routine-19'],
    ],
    [
      // LOW 0 + 3 QA flags = 75 (low) + 19 min × 5 = 170 > ROUTINE 100 fresh.
      'a low study at 170 points stays below a fresh routine one at 100',
      [
        study({ studyInstanceUid: 'low-19', requestPriority: 'LOW', arrivedAt: minutesAgo(19), qaFlags: ['a', 'b', 'c'] }),
        study({ studyInstanceUid: 'routine-0' }),
      ],
      ['routine-0', 'low-19'],
    ],
    [
      // Urgent: 400 + 10 × 5 = 450 vs 400 + 1 × 5 = 405; the same at any moment before the cap.
      'within a level: evidence + aging points (the older of two equal ones first)',
      [
        study({ studyInstanceUid: 'urgent-1', requestPriority: 'HIGH', arrivedAt: minutesAgo(1) }),
        study({ studyInstanceUid: 'urgent-10', requestPriority: 'HIGH', arrivedAt: minutesAgo(10) }),
      ],
      ['urgent-10', 'urgent-1'],
    ],
    [
      // Critical: STAT 1000 + 30 × 5 = 1150 vs STAT + pneumothorax (1000 + 50 × 0.29/0.38 ≈ 38.2) + 1000 = 2038.2.
      'critical studies are never overdue: the score orders them, however long they waited',
      [
        study({ studyInstanceUid: 'stat-30', requestPriority: 'STAT', arrivedAt: minutesAgo(30) }),
        study({ studyInstanceUid: 'both-0', requestPriority: 'STAT', ai: { status: 'done', findings: [finding()] } }),
      ],
      ['both-0', 'stat-30'],
    ],
    [
      // Overdue (≥ 20 min): above every urgent one, below every critical one; the reason says "promoted".
      'overdue low above fresh urgent, below a fresh critical',
      [
        study({ studyInstanceUid: 'urgent', requestPriority: 'HIGH' }),
        study({ studyInstanceUid: 'low-20', requestPriority: 'LOW', arrivedAt: minutesAgo(20) }),
        study({ studyInstanceUid: 'stat', requestPriority: 'STAT' }),
      ],
      ['stat', 'low-20', 'urgent'],
    ],
    [
      'equal evidence: older first',
      [study({ studyInstanceUid: 'a', arrivedAt: minutesAgo(5) }), study({ studyInstanceUid: 'b', arrivedAt: minutesAgo(20) })],
      ['b', 'a'],
    ],
    [
      'equal evidence and arrival: UID order',
      [study({ studyInstanceUid: '1.2.10' }), study({ studyInstanceUid: '1.2.9' }), study({ studyInstanceUid: '1.2.1' })],
      ['1.2.1', '1.2.10', '1.2.9'],
    ],
  ])('%s', (_name, inputs, expected) => {
    expect(uidsInOrder(inputs)).toEqual(expected);
  });

  it('gives the same order whatever the input order', () => {
    const inputs = [
      study({ studyInstanceUid: 'x1' }),
      study({ studyInstanceUid: 'x2' }),
      study({ studyInstanceUid: 'old', arrivedAt: minutesAgo(10) }),
      study({ studyInstanceUid: 'stat', requestPriority: 'STAT' }),
      study({ studyInstanceUid: 'ood', ai: { status: 'not-applicable' } }),
      study({ studyInstanceUid: 'qa', qaFlags: ['rotated 90°'] }),
    ];
    const expected = uidsInOrder(inputs);
    for (let shift = 1; shift < inputs.length; shift++) {
      const rotated = [...inputs.slice(shift), ...inputs.slice(0, shift)];
      expect(uidsInOrder(rotated)).toEqual(expected);
      expect(uidsInOrder([...rotated].reverse())).toEqual(expected);
    }
  });

  it('is a consistent comparator (antisymmetric, zero only for the same study)', () => {
    const results = triageWorklist(
      [study({ studyInstanceUid: 'a' }), study({ studyInstanceUid: 'b' }), study({ studyInstanceUid: 'c', requestPriority: 'HIGH' })],
      NOW,
    );
    for (const a of results) {
      for (const b of results) {
        expect(Math.sign(compareUrgency(a, b)) + Math.sign(compareUrgency(b, a))).toBe(0);
        expect(compareUrgency(a, b) === 0).toBe(a === b);
      }
    }
  });
});

/** The server's documented order (tests/worklist-index/query.test.ts `expected`), from what a result says. */
function serverOrder(results: ReturnType<typeof triageWorklist>): string[] {
  const LEVELS = { low: 0, routine: 1, urgent: 2, critical: 3 };
  return results
    .map((r) => {
      const level = LEVELS[r.level];
      return {
        uid: r.studyInstanceUid,
        tier: level === 3 ? 2 : r.overdue ? 1 : 0,
        level: r.overdue ? 0 : level,
        score: r.overdue ? 0 : r.score,
        arrived: r.arrivedAt,
      };
    })
    .sort((a, b) => b.tier - a.tier || b.level - a.level || b.score - a.score || a.arrived - b.arrived || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0))
    .map((r) => r.uid);
}

describe('same order as the server (sort=urgency)', () => {
  const priorities = ['STAT', 'HIGH', 'MEDIUM', 'ROUTINE', 'LOW', null];
  const waits = [0, 1, 3, 10, 19, 19.5, 20, 21, 45, 120, -2];
  const inputs: TriageInput[] = Array.from({ length: 60 }, (_, i) =>
    study({
      studyInstanceUid: `2.25.${String(i).padStart(2, '0')}`,
      requestPriority: priorities[i % priorities.length],
      arrivedAt: minutesAgo(waits[(i * 7) % waits.length]),
      ai:
        i % 5 === 0
          ? { status: 'done', findings: [finding()] }
          : i % 5 === 1
            ? { status: 'done', findings: [urgentFinding] }
            : i % 5 === 2
              ? { status: 'not-applicable' }
              : { status: 'done', findings: [] },
      qaFlags: i % 3 === 0 ? ['rotated'] : [],
    }),
  );

  it.each([0, 5, 30, 90])('at now + %i min: the documented order; descending is its exact reverse', (minutes) => {
    const now = NOW + minutes * 60_000;
    const results = triageWorklist(inputs, now);
    expect(results.map((r) => r.studyInstanceUid)).toEqual(serverOrder(results));
    // Levels never interleave outside the overdue tier: critical, then overdue, then urgent > routine > low.
    const rank = (r: (typeof results)[number]) => (r.level === 'critical' ? 5 : r.overdue ? 4 : LEVEL_RANK[r.level]);
    const ranks = results.map(rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    const desc = [...results].sort((a, b) => compareUrgency(b, a)).map((r) => r.studyInstanceUid);
    expect(desc).toEqual(results.map((r) => r.studyInstanceUid).reverse());
  });
});

describe('aging guarantee', () => {
  it('a routine study reaches the top within the cap despite a stream of urgent arrivals', () => {
    const cap = DEFAULTS.aging.capMinutes;
    const routine = study({ studyInstanceUid: 'routine', requestPriority: 'LOW', arrivedAt: NOW });
    const stream = Array.from({ length: 2 * cap }, (_, i) =>
      study({
        studyInstanceUid: `urgent-${i}`,
        arrivedAt: NOW + (i + 1) * 60_000,
        ai: { status: 'done', findings: [urgentFinding] },
      }),
    );
    const topAt = (minutes: number) => {
      const now = NOW + minutes * 60_000;
      return uidsInOrder([routine, ...stream.filter((s) => s.arrivedAt <= now)], now)[0];
    };
    expect(topAt(cap - 1)).not.toBe('routine');
    expect(topAt(cap)).toBe('routine');
  });
});
