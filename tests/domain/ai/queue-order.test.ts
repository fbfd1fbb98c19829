import { describe, expect, it } from 'vitest';
import { compareForTriage, mayHaveChestImage } from '../../../src/domain/ai/queue-order';
import { aiCellText, triageRate } from '../../../src/services/inference/store';
import type { StudyAiResult } from '../../../src/domain/ai/result/types';
import type { Study } from '../../../src/domain/study/study';

const study = (uid: string, priority: string, studyDate: string, modalities = ['CR']): Study => ({
  studyInstanceUid: uid,
  patientName: '',
  patientID: '',
  patientSex: '',
  patientAge: '',
  modalities,
  bodyPart: '',
  description: '',
  studyDate,
  studyTime: '120000',
  accession: '',
  priority,
  searchText: '',
});

describe('triage queue order', () => {
  it('puts STAT first, then the newest study', () => {
    const studies = [
      study('old-routine', 'ROUTINE', '20260101'),
      study('new-routine', 'ROUTINE', '20261120'),
      study('old-stat', 'STAT', '20250101'),
      study('none', '', '20261121'),
      study('high', 'HIGH', '20240101'),
    ];
    expect([...studies].sort(compareForTriage).map((s) => s.studyInstanceUid)).toEqual(['old-stat', 'high', 'new-routine', 'old-routine', 'none']);
  });

  it('asks the PACS only about CR/DX studies or studies of unknown modality', () => {
    expect([['CR'], ['DX', 'SR'], [], ['CT'], ['MR', 'SR']].map((m) => mayHaveChestImage(study('x', '', '', m)))).toEqual([true, true, true, false, false]);
  });
});

describe('progress and the worklist cell', () => {
  it('rates finished studies per minute of queue time', () => {
    expect(triageRate({ total: 4, done: 0, pacsWait: null, startedAt: 0, finishedAt: null }, 60_000)).toBeNull();
    expect(triageRate({ total: 4, done: 3, pacsWait: null, startedAt: 0, finishedAt: null }, 30_000)).toBe(6);
    expect(triageRate({ total: 3, done: 3, pacsWait: null, startedAt: 0, finishedAt: 60_000 }, 600_000)).toBe(3);
  });

  it('says what the AI found in a few characters', () => {
    const result = (positives: boolean[], notApplicable?: string): StudyAiResult => ({
      origin: 'computed',
      modelKey: 'k',
      studyInstanceUid: 's',
      seriesInstanceUid: 'r',
      sopInstanceUid: 'i',
      computedAt: '',
      qaFlags: [],
      lungAreas: [],
      findings: positives.map((positive, i) => ({ label: `l${i}`, probability: 0.5, threshold: 0.4, positive })),
      ...(notApplicable ? { notApplicable } : {}),
    });
    expect(aiCellText(undefined)).toBe('—');
    expect(aiCellText({ phase: 'no-model', reason: 'CT' })).toBe('n/a');
    expect(aiCellText({ phase: 'done', result: result([false, false]) })).toBe('neg');
    expect(aiCellText({ phase: 'done', result: result([true, false, true]) })).toBe('2 pos');
    expect(aiCellText({ phase: 'done', result: result([], 'OOD') })).toBe('n/a');
  });
});
