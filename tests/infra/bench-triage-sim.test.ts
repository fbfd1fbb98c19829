import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARAMS,
  byRules,
  fifo,
  generateDay,
  parseParams,
  runSimulation,
  seededRandom,
  simulateWaits,
  type Policy,
  type SimStudy,
} from '../../tools/bench/triage-sim';
import { DEFAULT_TRIAGE_CONFIG } from '../../src/domain/triage/config';

const simStudy = (uid: string, arrivalMinute: number, readMinutes: number, requestPriority = 'ROUTINE'): SimStudy => ({
  input: { studyInstanceUid: uid, arrivedAt: arrivalMinute * 60_000, requestPriority, ai: { status: 'done', findings: [] } },
  critical: false,
  readMs: readMinutes * 60_000,
});

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((u) => u >= 0 && u < 1)).toBe(true);
  });
});

describe('simulateWaits', () => {
  const rules = byRules(DEFAULT_TRIAGE_CONFIG);
  it.each<[string, SimStudy[], number, Policy, number[]]>([
    ['one reader, FIFO', [simStudy('a', 0, 10), simStudy('b', 1, 10), simStudy('c', 2, 10)], 1, fifo, [0, 9, 18]],
    ['one reader, rules: STAT jumps the queue', [simStudy('a', 0, 10), simStudy('b', 1, 10), simStudy('c', 2, 10, 'STAT')], 1, rules, [0, 19, 8]],
    ['two readers, FIFO', [simStudy('a', 0, 10), simStudy('b', 1, 10), simStudy('c', 2, 10)], 2, fifo, [0, 0, 8]],
    ['idle reader waits for the next arrival', [simStudy('a', 0, 5), simStudy('b', 30, 5)], 1, rules, [0, 0]],
  ])('%s', (_name, studies, readers, policy, expected) => {
    expect(simulateWaits(studies, readers, policy)).toEqual(expected);
  });
});

describe('generateDay', () => {
  it('matches the arrival rate, prevalence and AI sensitivity over a long run', () => {
    const params = { ...DEFAULT_PARAMS, hours: 1000, arrivalsPerHour: 20 };
    const studies = generateDay(params, seededRandom(1));
    const critical = studies.filter((s) => s.critical);
    const flagged = critical.filter((s) => s.input.ai?.status === 'done' && s.input.ai.findings[0].probability >= 0.5);
    expect(studies.length / 20_000).toBeCloseTo(1, 1);
    expect(critical.length / studies.length).toBeCloseTo(params.criticalPrevalence, 2);
    expect(flagged.length / critical.length).toBeCloseTo(params.sensitivity, 1);
    expect(studies.every((s, i) => i === 0 || s.input.arrivedAt >= studies[i - 1].input.arrivedAt)).toBe(true);
  });
});

describe('parseParams', () => {
  it('takes defaults and overrides', () => {
    expect(parseParams([])).toEqual(DEFAULT_PARAMS);
    const params = parseParams(['--readers', '3', '--priority-mix', 'STAT:1,ROUTINE:3']);
    expect(params.readers).toBe(3);
    expect(params.priorityMix).toEqual({ STAT: 1, ROUTINE: 3 });
  });

  it.each<[string[], string]>([
    [['--readers', '1.5'], '--readers must be a whole number ≥ 1, got "1.5"'],
    [['--sensitivity', '1.2'], '--sensitivity must be a number from 0 to 1, got "1.2"'],
    [['--hours', 'ten'], '--hours must be a positive number, got "ten"'],
    [['--priority-mix', 'URGENT:1'], '--priority-mix: "URGENT:1" is not PRIORITY:WEIGHT'],
    [['--priority-mix', 'STAT:0'], '--priority-mix needs a positive weight'],
    [['--critical', '0'], '--critical must be above 0'],
    [['--critical', '0.6', '--urgent', '0.6'], '--critical plus --urgent must not exceed 1'],
    [['--bogus', '1'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseParams(argv)).toThrow(message);
  });
});

describe('runSimulation', () => {
  it('reads critical studies sooner than FIFO and bounds the worst wait better than priority without aging', () => {
    const summary = runSimulation({ ...DEFAULT_PARAMS, seeds: 3 });
    expect(summary['dokuei-rules'].criticalMean).toBeLessThan(summary.fifo.criticalMean);
    expect(summary['dokuei-rules'].allWorst).toBeLessThan(summary['ai-priority-no-aging'].allWorst);
  });
});
