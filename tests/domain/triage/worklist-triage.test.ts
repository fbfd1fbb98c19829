import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIAGE_CONFIG } from '../../../src/domain/triage/config';
import type { TriageAiInput } from '../../../src/domain/triage/types';
import {
  arrivalTime,
  criticalStudies,
  isFlagged,
  reasonsText,
  titleWithCount,
  triageStudies,
  withPriorFindings,
} from '../../../src/domain/triage/worklist-triage';
import { worklistStudy } from '../study/fixtures';

const now = new Date(2026, 10, 23, 12, 0, 0).getTime();
const study = (uid: string, priority: string, time = '115000') =>
  worklistStudy({ StudyInstanceUID: uid, RequestedProcedurePriority: priority, StudyDate: '20261123', StudyTime: time });
const effusion = (probability: number): TriageAiInput => ({
  status: 'done',
  findings: [{ label: 'effusion', probability, threshold: 0.5, clinicalClass: 'urgent' }],
});

describe('arrivalTime', () => {
  it('reads StudyDate + StudyTime as local time', () => {
    expect(arrivalTime({ studyDate: '20261123', studyTime: '113000' }, now)).toBe(now - 30 * 60_000);
  });
  it('counts undated, future and older-than-the-window studies as arriving now', () => {
    expect(arrivalTime({ studyDate: '', studyTime: '' }, now)).toBe(now);
    expect(arrivalTime({ studyDate: '20261124', studyTime: '' }, now)).toBe(now);
    expect(arrivalTime({ studyDate: '20261122', studyTime: '115959' }, now)).toBe(now);
    expect(arrivalTime({ studyDate: '20261122', studyTime: '120000' }, now)).toBe(now - 24 * 3_600_000);
  });
});

describe('triageStudies', () => {
  const studies = [study('routine', 'ROUTINE'), study('stat-effusion', 'STAT'), study('effusion', 'ROUTINE'), study('stat', 'STAT')];
  const ai: Record<string, TriageAiInput> = { 'stat-effusion': effusion(0.9), effusion: effusion(0.9) };
  const { results, ranks } = triageStudies(studies, (uid) => ai[uid] ?? null, now);

  it('ranks by the urgency rules, most urgent first', () => {
    expect([...ranks.entries()].sort((a, b) => a[1] - b[1]).map(([uid]) => uid)).toEqual(['stat-effusion', 'stat', 'effusion', 'routine']);
    expect(results.get('stat-effusion')?.level).toBe('critical');
  });

  it('a new AI result moves a study up', () => {
    const later = triageStudies(studies, (uid) => (uid === 'routine' ? effusion(0.99) : (ai[uid] ?? null)), now);
    expect(later.ranks.get('routine')).toBeLessThan(ranks.get('routine')!);
  });

  it('flags critical and urgent studies only', () => {
    expect(studies.filter((s) => isFlagged(results.get(s.studyInstanceUid))).map((s) => s.studyInstanceUid)).toEqual(['stat-effusion', 'effusion', 'stat']);
  });

  it('lists critical studies matching a condition', () => {
    expect(criticalStudies(results, () => true).sort()).toEqual(['stat', 'stat-effusion']);
    expect(criticalStudies(results, (uid) => uid !== 'stat')).toEqual(['stat-effusion']);
  });

  it('explains the level with every reason as plain text', () => {
    const text = reasonsText(results.get('stat-effusion')!);
    expect(text.split('\n')).toEqual(['critical', '• effusion 0.90 ≥ 0.50', '• STAT', '• waiting 10 min']);
  });
});

describe('new since prior, fed from the worklist', () => {
  const exam = (uid: string, patient: string, date: string, modalities = ['DX'], time = '090000') =>
    worklistStudy({
      StudyInstanceUID: uid,
      PatientID: patient,
      StudyDate: date,
      StudyTime: time,
      ModalitiesInStudy: modalities,
      RequestedProcedurePriority: 'ROUTINE',
    });
  const current = exam('now', 'P1', '20261120');
  const freshReason = (studies: ReturnType<typeof exam>[], ai: Record<string, TriageAiInput>) =>
    triageStudies(studies, (uid) => ai[uid] ?? null, now)
      .results.get('now')!
      .reasons.filter((r) => r.kind === 'new-since-prior')
      .map((r) => r.text);

  it.each<[string, ReturnType<typeof exam>[], Record<string, TriageAiInput>, string[]]>([
    [
      'negative on the latest prior',
      [current, exam('prior', 'P1', '20261101')],
      { now: effusion(0.9), prior: effusion(0.2) },
      ['effusion new since prior (0.20 → 0.90)'],
    ],
    ['positive on the latest prior', [current, exam('prior', 'P1', '20261101')], { now: effusion(0.9), prior: effusion(0.7) }, []],
    [
      'the latest prior decides, not an older one',
      [current, exam('old', 'P1', '20250101'), exam('prior', 'P1', '20261101')],
      { now: effusion(0.9), old: effusion(0.1), prior: effusion(0.7) },
      [],
    ],
    [
      'a prior without a result yet is skipped',
      [current, exam('old', 'P1', '20250101'), exam('prior', 'P1', '20261101')],
      { now: effusion(0.9), old: effusion(0.1) },
      ['effusion new since prior (0.10 → 0.90)'],
    ],
    ['another patient is no prior', [current, exam('other', 'P2', '20261101')], { now: effusion(0.9), other: effusion(0.1) }, []],
    ['a later exam is no prior', [current, exam('later', 'P1', '20261121')], { now: effusion(0.9), later: effusion(0.1) }, []],
    ['a CT is not comparable', [current, exam('ct', 'P1', '20261101', ['CT'])], { now: effusion(0.9), ct: effusion(0.1) }, []],
    [
      'a CR prior compares with a DX film',
      [current, exam('cr', 'P1', '20261101', ['CR', 'SR'])],
      { now: effusion(0.9), cr: effusion(0.1) },
      ['effusion new since prior (0.10 → 0.90)'],
    ],
    [
      'an undated prior cannot be ordered',
      [current, worklistStudy({ StudyInstanceUID: 'undated', PatientID: 'P1', ModalitiesInStudy: ['DX'] })],
      { now: effusion(0.9), undated: effusion(0.1) },
      [],
    ],
    ['no patient ID, no priors', [exam('now', '', '20261120'), exam('prior', '', '20261101')], { now: effusion(0.9), prior: effusion(0.1) }, []],
  ])('%s', (_name, studies, ai, expected) => {
    expect(freshReason(studies, ai)).toEqual(expected);
  });

  it('adds the configured points to the current study only', () => {
    const studies = [current, exam('prior', 'P1', '20261101')];
    const ai = { now: effusion(0.9), prior: effusion(0.2) };
    const withPrior = triageStudies(studies, (uid) => ai[uid as keyof typeof ai] ?? null, now).results;
    const alone = triageStudies([current], (uid) => ai[uid as keyof typeof ai] ?? null, now).results;
    expect(withPrior.get('now')!.score - alone.get('now')!.score).toBe(DEFAULT_TRIAGE_CONFIG.findings.newSincePriorPoints);
  });

  it('leaves results that are not done untouched', () => {
    const notApplicable: TriageAiInput = { status: 'not-applicable', detail: 'OOD' };
    const aiOf = withPriorFindings([current, exam('prior', 'P1', '20261101')], (uid) => (uid === 'now' ? notApplicable : effusion(0.1)));
    expect(aiOf('now')).toBe(notApplicable);
  });
});

it('titleWithCount', () => {
  expect(titleWithCount('Dokuei', 0)).toBe('Dokuei');
  expect(titleWithCount('Dokuei', 3)).toBe('(3) Dokuei');
});

describe('critical queue entry', () => {
  it('names the patient, the evidence (strongest first, at most two) and the wait', async () => {
    const { criticalQueueEntry } = await import('../../../src/domain/triage/worklist-triage');
    const { scoreStudy } = await import('../../../src/domain/triage/urgency');
    const { NOW, finding, minutesAgo, study } = await import('./fixtures');
    const result = scoreStudy(study({ requestPriority: 'STAT', arrivedAt: minutesAgo(12.5), ai: { status: 'done', findings: [finding()] } }), NOW);
    expect(criticalQueueEntry(result, { patientName: 'DOE^JANE' })).toEqual({
      name: 'DOE^JANE',
      why: 'pneumothorax 0.91 ≥ 0.62 · STAT',
      waited: 'waiting 12 min',
    });
    expect(criticalQueueEntry(result, { patientName: '  ' }).name).toBe('1.2.3');
  });
});
