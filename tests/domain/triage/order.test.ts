import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_CONFIG as DEFAULTS } from '../../../src/domain/triage/config';
import { compareUrgency, triageWorklist } from '../../../src/domain/triage/order';
import type { TriageInput } from '../../../src/domain/triage/types';
import { NOW, finding, minutesAgo, study } from './fixtures';

const uidsInOrder = (inputs: TriageInput[], now = NOW) => triageWorklist(inputs, now).map((r) => r.studyInstanceUid);
const urgentFinding = finding({ label: 'effusion', clinicalClass: 'urgent', probability: 0.7, threshold: 0.4 });

describe('worklist order', () => {
  it.each<[string, TriageInput[], string[]]>([
    [
      'critical AI on a routine request above STAT alone (both critical)',
      [
        study({ studyInstanceUid: 'stat', requestPriority: 'STAT' }),
        study({ studyInstanceUid: 'ptx', ai: { status: 'done', findings: [finding()] } }),
      ],
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
      'equal evidence: older first',
      [
        study({ studyInstanceUid: 'a', arrivedAt: minutesAgo(5) }),
        study({ studyInstanceUid: 'b', arrivedAt: minutesAgo(20) }),
      ],
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
