import { describe, expect, it } from 'vitest';
import type { AiResult } from '../../src/triage/types';
import { arrivalTime, criticalStudies, isFlagged, reasonsText, titleWithCount, triageStudies } from '../../src/triage/worklist-triage';
import { worklistStudy } from '../worklist/fixtures';

const now = new Date(2026, 10, 23, 12, 0, 0).getTime();
const study = (uid: string, priority: string, time = '115000') =>
  worklistStudy({ StudyInstanceUID: uid, RequestedProcedurePriority: priority, StudyDate: '20261123', StudyTime: time });
const effusion = (probability: number): AiResult => ({
  status: 'done',
  findings: [{ label: 'effusion', probability, threshold: 0.5, clinicalClass: 'urgent' }],
});

describe('arrivalTime', () => {
  it('reads StudyDate + StudyTime as local time', () => {
    expect(arrivalTime({ studyDate: '20261123', studyTime: '113000' }, now)).toBe(now - 30 * 60_000);
  });
  it('counts undated and future studies as arriving now', () => {
    expect(arrivalTime({ studyDate: '', studyTime: '' }, now)).toBe(now);
    expect(arrivalTime({ studyDate: '20261124', studyTime: '' }, now)).toBe(now);
  });
});

describe('triageStudies', () => {
  const studies = [study('routine', 'ROUTINE'), study('stat-effusion', 'STAT'), study('effusion', 'ROUTINE'), study('stat', 'STAT')];
  const ai: Record<string, AiResult> = { 'stat-effusion': effusion(0.9), effusion: effusion(0.9) };
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
    expect(studies.filter((s) => isFlagged(results.get(s.studyInstanceUID))).map((s) => s.studyInstanceUID)).toEqual(['stat-effusion', 'effusion', 'stat']);
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

it('titleWithCount', () => {
  expect(titleWithCount('Dokuei', 0)).toBe('Dokuei');
  expect(titleWithCount('Dokuei', 3)).toBe('(3) Dokuei');
});
