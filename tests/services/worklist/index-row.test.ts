import { describe, expect, it } from 'vitest';
import { indexRow } from './fixtures';
import { aiSummaryText, indexQueryOf, studyFromIndexRow, triageFromIndexRow, viewOfIndexRows } from '../../../src/services/worklist/index-row';
import { DEFAULT_SORT } from '../../../src/domain/study/sort';
import { EMPTY_FILTERS } from '../../../src/domain/study/filter';

describe('index row → worklist study', () => {
  it('maps the fields the columns show', () => {
    const study = studyFromIndexRow(indexRow());
    expect(study).toMatchObject({
      studyInstanceUid: '1.2.3',
      patientName: 'DOE, Jane',
      patientID: 'P1',
      patientSex: 'F',
      patientAge: '44Y',
      modalities: ['CR', 'DX'],
      bodyPart: 'CHEST',
      studyDate: '20240301',
      studyTime: '101500',
      accession: 'A1',
      priority: 'STAT',
      seriesCount: undefined,
    });
    expect(study.searchText).toContain('doe, jane');
  });

  it('turns nulls into blanks, never an exception', () => {
    const study = studyFromIndexRow(
      indexRow({
        patientSex: null,
        patientBirthDate: null,
        accession: null,
        studyDate: null,
        studyTime: null,
        modality: null,
        bodyPart: null,
        description: null,
        priority: null,
      }),
    );
    expect(study).toMatchObject({
      patientSex: '',
      patientAge: '',
      modalities: [],
      bodyPart: '',
      studyDate: '',
      studyTime: '',
      accession: '',
      priority: '',
      description: '',
    });
  });

  it('takes the urgency and the start of the wait from the row', () => {
    expect(triageFromIndexRow(indexRow())).toEqual({
      studyInstanceUid: '1.2.3',
      arrivedAt: Date.parse('2024-03-01T10:15:00.000Z'),
      level: 'urgent',
      score: 845.5,
      overdue: false,
      waitMinutes: 9.1,
      reasons: [{ kind: 'finding', text: 'effusion 0.95 ≥ 0.50', points: 400 }],
    });
  });

  it('says the AI result in words', () => {
    expect(aiSummaryText(indexRow())).toBe('effusion');
    expect(aiSummaryText(indexRow({ aiSummary: { ...indexRow().aiSummary!, positives: [] } }))).toBe('not flagged');
    expect(aiSummaryText(indexRow({ aiStatus: 'pending', aiSummary: null }))).toBe('pending');
    expect(aiSummaryText(indexRow({ aiStatus: 'no-model', aiSummary: null }))).toBe('no model');
    expect(aiSummaryText(indexRow({ aiStatus: 'not-applicable', aiSummary: null }))).toBe('not applicable');
  });

  it('ranks rows in the server order', () => {
    const view = viewOfIndexRows([indexRow({ studyUid: 'b' }), indexRow({ studyUid: 'a' })]);
    expect([...view.ranks]).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(view.ai.get('a')?.text).toBe('effusion');
  });
});

describe('worklist sort and filters → index query', () => {
  it('maps columns to the server sort keys', () => {
    expect(indexQueryOf(DEFAULT_SORT, EMPTY_FILTERS, false)).toEqual({ sort: 'urgency', dir: 'asc' });
    expect(indexQueryOf({ column: 'patientID', direction: 'desc' }, EMPTY_FILTERS, false)).toEqual({ sort: 'patientId', dir: 'desc' });
    expect(indexQueryOf({ column: 'readingStatus', direction: 'asc' }, EMPTY_FILTERS, false).sort).toBe('readingState');
  });

  it('maps text, modality and flagged-only', () => {
    expect(indexQueryOf(DEFAULT_SORT, { ...EMPTY_FILTERS, text: ' doe ', modality: 'cr' }, true)).toEqual({
      sort: 'urgency',
      dir: 'asc',
      q: 'doe',
      modality: ['CR'],
      level: ['critical', 'urgent'],
    });
  });
});
