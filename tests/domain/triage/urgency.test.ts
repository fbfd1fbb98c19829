import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_CONFIG as DEFAULTS } from '../../../src/domain/triage/config';
import type { TriageInput, UrgencyLevel } from '../../../src/domain/triage/types';
import { scoreStudy } from '../../../src/domain/triage/urgency';
import { NOW, finding, minutesAgo, study } from './fixtures';

const score = (overrides: Partial<TriageInput>) => scoreStudy(study(overrides), NOW);
const texts = (overrides: Partial<TriageInput>) => score(overrides).reasons.map((r) => r.text);
const done = (...findings: ReturnType<typeof finding>[]) => ({ status: 'done' as const, findings });

describe('finding thresholds', () => {
  it.each<[number, number, UrgencyLevel, string | null]>([
    [0.62, 0.62, 'critical', 'pneumothorax 0.62 ≥ 0.62'],
    [0.6201, 0.62, 'critical', 'pneumothorax 0.62 ≥ 0.62'],
    [0.91, 0.62, 'critical', 'pneumothorax 0.91 ≥ 0.62'],
    [0.6199, 0.62, 'routine', null],
    [0, 0.62, 'routine', null],
    [Number.NaN, 0.62, 'routine', null],
    [1, 1, 'critical', 'pneumothorax 1.00 ≥ 1.00'],
  ])('p=%s, threshold=%s → %s', (probability, threshold, level, reason) => {
    const result = score({ ai: done(finding({ probability, threshold })) });
    expect(result.level).toBe(level);
    expect(result.reasons.find((r) => r.kind === 'finding')?.text ?? null).toBe(reason);
  });

  it('ranks a stronger finding of the same class higher', () => {
    const weak = score({ ai: done(finding({ probability: 0.63 })) });
    const strong = score({ ai: done(finding({ probability: 0.95 })) });
    expect(strong.score).toBeGreaterThan(weak.score);
    expect(strong.score - weak.score).toBeLessThanOrEqual(DEFAULTS.findings.marginPoints);
  });

  it('scores only the strongest of several findings, listing all', () => {
    const effusion = finding({ label: 'effusion', clinicalClass: 'urgent', probability: 0.8, threshold: 0.4 });
    const pneumonia = finding({ label: 'pneumonia', clinicalClass: 'urgent', probability: 0.5, threshold: 0.3 });
    const one = score({ ai: done(effusion) });
    const both = score({ ai: done(pneumonia, effusion) });
    expect(both.level).toBe('urgent');
    expect(both.score).toBe(one.score);
    expect(both.reasons.filter((r) => r.kind === 'finding').map((r) => r.text)).toEqual(['effusion 0.80 ≥ 0.40', 'pneumonia 0.50 ≥ 0.30']);
  });
});

describe('evidence → level', () => {
  const urgent = finding({ label: 'effusion', clinicalClass: 'urgent', probability: 0.7, threshold: 0.4 });
  const routineFinding = finding({ label: 'abnormal', clinicalClass: 'routine', probability: 0.7, threshold: 0.4 });
  it.each<[string, Partial<TriageInput>, UrgencyLevel]>([
    ['negative AI, ROUTINE', {}, 'routine'],
    ['negative AI, LOW', { requestPriority: 'LOW' }, 'low'],
    ['routine finding, LOW', { requestPriority: 'LOW', ai: done(routineFinding) }, 'routine'],
    ['urgent finding', { ai: done(urgent) }, 'urgent'],
    ['critical finding, LOW', { requestPriority: 'LOW', ai: done(finding()) }, 'critical'],
    ['STAT, negative AI', { requestPriority: 'STAT' }, 'critical'],
    ['HIGH, negative AI', { requestPriority: 'HIGH' }, 'urgent'],
    ['no AI result, LOW', { requestPriority: 'LOW', ai: undefined }, 'low'],
    ['AI not applicable despite a critical finding', { ai: { status: 'not-applicable', detail: 'OOD' } }, 'routine'],
  ])('%s → %s', (_name, overrides, level) => {
    expect(score(overrides).level).toBe(level);
  });
});

describe('reasons', () => {
  it.each<[string, Partial<TriageInput>, string[]]>([
    ['STAT', { requestPriority: 'STAT' }, ['STAT', 'waiting 0 min']],
    ['lower-case priority with spaces', { requestPriority: ' high ' }, ['priority HIGH', 'waiting 0 min']],
    ['missing priority', { requestPriority: undefined }, ['no request priority', 'waiting 0 min']],
    ['empty priority', { requestPriority: '' }, ['no request priority', 'waiting 0 min']],
    ['unknown priority', { requestPriority: 'URGENT' }, ['unknown request priority "URGENT"', 'waiting 0 min']],
    ['missing AI', { ai: null }, ['no AI result', 'priority ROUTINE', 'waiting 0 min']],
    [
      'OOD',
      { ai: { status: 'not-applicable', detail: 'OOD score 150 > 123' } },
      ['AI not applicable: OOD score 150 > 123', 'priority ROUTINE', 'waiting 0 min'],
    ],
    [
      'QA flags',
      { qaFlags: ['rotated 90°', 'ViewPosition PA but image looks AP'] },
      ['priority ROUTINE', 'QA: rotated 90°', 'QA: ViewPosition PA but image looks AP', 'waiting 0 min'],
    ],
    ['waiting (critical, so never overdue)', { requestPriority: 'STAT', arrivedAt: minutesAgo(47.9) }, ['STAT', 'waiting 47 min']],
    ['arrival clock ahead of ours', { arrivedAt: minutesAgo(-5) }, ['priority ROUTINE', 'waiting 0 min']],
  ])('%s', (_name, overrides, expected) => {
    expect(texts(overrides)).toEqual(expected);
  });

  it('adds the configured points per QA flag and for unassessed studies', () => {
    const base = score({}).score;
    expect(score({ qaFlags: ['rotated 90°', 'flipped'] }).score - base).toBe(2 * DEFAULTS.qa.pointsPerFlag);
    expect(score({ ai: null }).score - base).toBe(DEFAULTS.ai.unassessedPoints);
  });
});

describe('new since prior', () => {
  const effusion = (probability: number, priorProbability?: number) =>
    finding({ label: 'effusion', clinicalClass: 'urgent', probability, threshold: 0.4, priorProbability });
  it.each<[string, number, number | undefined, string | null]>([
    ['below threshold on the prior', 0.71, 0.12, 'effusion new since prior (0.12 → 0.71)'],
    ['already positive on the prior', 0.71, 0.5, null],
    ['at threshold on the prior', 0.71, 0.4, null],
    ['no prior', 0.71, undefined, null],
    ['negative now', 0.2, 0.1, null],
  ])('%s', (_name, probability, prior, reason) => {
    const result = score({ ai: done(effusion(probability, prior)) });
    const fresh = result.reasons.filter((r) => r.kind === 'new-since-prior');
    expect(fresh[0]?.text ?? null).toBe(reason);
    const withoutPrior = score({ ai: done(effusion(probability)) });
    expect(result.score - withoutPrior.score).toBe(reason ? DEFAULTS.findings.newSincePriorPoints : 0);
  });
});

describe('aging', () => {
  const cap = DEFAULTS.aging.capMinutes;
  it('adds points linearly with the wait', () => {
    const fresh = score({});
    const waited = score({ arrivedAt: minutesAgo(30) });
    expect(waited.score - fresh.score).toBeCloseTo(30 * DEFAULTS.aging.pointsPerMinute, 9);
    expect(waited.level).toBe(fresh.level);
  });

  it.each<[string, Partial<TriageInput>, number, boolean]>([
    ['routine just under the cap', {}, cap - 0.001, false],
    ['routine at the cap', {}, cap, true],
    ['low long past the cap', { requestPriority: 'LOW' }, 10 * cap, true],
    ['critical past the cap stays critical, not overdue', { requestPriority: 'STAT' }, 2 * cap, false],
  ])('%s', (_name, overrides, waited, overdue) => {
    const result = score({ ...overrides, arrivedAt: minutesAgo(waited) });
    expect(result.overdue).toBe(overdue);
    expect(result.reasons.some((r) => r.text === `waiting ≥ ${cap} min: promoted`)).toBe(overdue);
  });
});
