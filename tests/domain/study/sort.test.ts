import { describe, expect, it } from 'vitest';
import { naturalKey, nextSort, SORT_COLUMNS, type SortColumn, type SortState, sortStudies } from '../../../src/domain/study/sort';
import { worklistStudy } from './fixtures';

const studies = [
  worklistStudy({
    StudyInstanceUID: '1.1',
    PatientName: 'zeta^a',
    PatientID: 'P10',
    PatientSex: 'M',
    PatientAge: '030Y',
    ModalitiesInStudy: ['MR'],
    BodyPartExamined: 'HEAD',
    StudyDescription: 'brain',
    StudyDate: '20240102',
    StudyTime: '0900',
    AccessionNumber: 'A2',
    NumberOfStudyRelatedInstances: 10,
    RequestedProcedurePriority: 'ROUTINE',
  }),
  worklistStudy({
    StudyInstanceUID: '1.2',
    PatientName: 'Alpha^b',
    PatientID: 'P9',
    PatientSex: 'F',
    PatientAge: '006M',
    ModalitiesInStudy: ['CR'],
    BodyPartExamined: 'CHEST',
    StudyDescription: 'Chest PA',
    StudyDate: '20240102',
    StudyTime: '1000',
    AccessionNumber: 'A10',
    NumberOfStudyRelatedInstances: 2,
    RequestedProcedurePriority: 'STAT',
  }),
  worklistStudy({
    StudyInstanceUID: '1.3',
    PatientName: 'mike^c',
    PatientID: 'P100',
    PatientSex: 'F',
    PatientAge: '070Y',
    ModalitiesInStudy: ['CT'],
    BodyPartExamined: 'ABDOMEN',
    StudyDescription: 'abdomen',
    StudyDate: '20231231',
    AccessionNumber: 'A1',
    NumberOfStudyRelatedInstances: 300,
    RequestedProcedurePriority: 'LOW',
  }),
  worklistStudy({ StudyInstanceUID: '1.4' }), // every optional attribute blank
];

const order = (sort: SortState) => sortStudies(studies, sort).map((s) => s.studyInstanceUid);

describe('sortStudies', () => {
  it.each<[SortColumn, string[]]>([
    ['patientName', ['1.2', '1.3', '1.1', '1.4']],
    ['patientID', ['1.2', '1.1', '1.3', '1.4']],
    ['sexAge', ['1.2', '1.3', '1.1', '1.4']],
    ['modality', ['1.2', '1.3', '1.1', '1.4']],
    ['bodyPart', ['1.3', '1.2', '1.1', '1.4']],
    ['description', ['1.3', '1.1', '1.2', '1.4']],
    ['studyDateTime', ['1.3', '1.1', '1.2', '1.4']],
    ['accession', ['1.3', '1.1', '1.2', '1.4']],
    ['counts', ['1.2', '1.1', '1.3', '1.4']],
    ['priority', ['1.2', '1.1', '1.3', '1.4']],
  ])('%s ascending (natural, case-insensitive, blanks last)', (column, expected) => {
    expect(order({ column, direction: 'asc' })).toEqual(expected);
  });

  it.each(SORT_COLUMNS.filter((c) => c !== 'aiStatus' && c !== 'readingStatus' && c !== 'urgency'))('%s descending reverses, blanks stay last', (column) => {
    const ascending = order({ column, direction: 'asc' });
    const descending = order({ column, direction: 'desc' });
    expect(descending.at(-1)).toBe('1.4');
    expect(descending.slice(0, -1)).toEqual(ascending.slice(0, -1).reverse());
  });

  it('urgency follows the triage ranks, unranked studies last', () => {
    const ranks = new Map([
      ['1.3', 0],
      ['1.1', 1],
      ['1.2', 2],
    ]);
    expect(sortStudies(studies, { column: 'urgency', direction: 'asc' }, ranks).map((s) => s.studyInstanceUid)).toEqual(['1.3', '1.1', '1.2', '1.4']);
    expect(sortStudies(studies, { column: 'urgency', direction: 'desc' }, ranks).map((s) => s.studyInstanceUid)).toEqual(['1.2', '1.1', '1.3', '1.4']);
  });

  it('breaks ties by newest study then UID, whatever the input order', () => {
    const tied = [
      worklistStudy({ StudyInstanceUID: '2.9', ModalitiesInStudy: ['CR'], StudyDate: '20200101' }),
      worklistStudy({ StudyInstanceUID: '2.1', ModalitiesInStudy: ['CR'], StudyDate: '20200101' }),
      worklistStudy({ StudyInstanceUID: '2.5', ModalitiesInStudy: ['CR'], StudyDate: '20220101' }),
    ];
    const sort: SortState = { column: 'modality', direction: 'asc' };
    const expected = ['2.5', '2.1', '2.9'];
    expect(sortStudies(tied, sort).map((s) => s.studyInstanceUid)).toEqual(expected);
    expect(sortStudies([...tied].reverse(), sort).map((s) => s.studyInstanceUid)).toEqual(expected);
  });

  it('does not mutate its input', () => {
    const input = [...studies];
    sortStudies(input, { column: 'patientName', direction: 'asc' });
    expect(input).toEqual(studies);
  });
});

describe('naturalKey', () => {
  it.each([
    ['P9', 'P10'],
    ['p10', 'P100'],
    ['Ärzte', 'azure'],
    ['DOE, Jane', 'doe, john'],
    ['A2B', 'a10b'],
  ])('%s sorts before %s', (first, second) => {
    expect(naturalKey(first) < naturalKey(second)).toBe(true);
  });
});

describe('nextSort', () => {
  it.each<[SortState, SortColumn, SortState]>([
    [{ column: 'patientName', direction: 'asc' }, 'patientName', { column: 'patientName', direction: 'desc' }],
    [{ column: 'patientName', direction: 'desc' }, 'patientName', { column: 'patientName', direction: 'asc' }],
    [{ column: 'patientName', direction: 'desc' }, 'patientID', { column: 'patientID', direction: 'asc' }],
    [{ column: 'patientName', direction: 'asc' }, 'studyDateTime', { column: 'studyDateTime', direction: 'desc' }],
  ])('%j + click %s → %j', (current, column, expected) => {
    expect(nextSort(current, column)).toEqual(expected);
  });
});
