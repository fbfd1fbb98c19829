import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filterStudies, isFiltered, modalityOptions, type WorklistFilters } from '../../../src/domain/study/filter';
import { worklistStudy } from './fixtures';

const studies = [
  worklistStudy({
    StudyInstanceUID: '1',
    PatientName: 'Müller^Hans',
    PatientID: 'PID-7',
    ModalitiesInStudy: ['CR', 'SR'],
    StudyDate: '20240110',
    AccessionNumber: 'ACC-1',
    StudyDescription: 'Chest PA',
  }),
  worklistStudy({
    StudyInstanceUID: '2',
    PatientName: 'Smith^Ann',
    PatientID: 'X9',
    ModalitiesInStudy: ['CT'],
    StudyDate: '20240215',
    AccessionNumber: 'B-77',
    StudyDescription: 'CT head',
  }),
  worklistStudy({ StudyInstanceUID: '3', PatientName: 'Undated^Ulf', ModalitiesInStudy: ['CR'] }),
];

const uids = (filters: Partial<WorklistFilters>) => filterStudies(studies, { ...EMPTY_FILTERS, ...filters }).map((s) => s.studyInstanceUid);

describe('filterStudies', () => {
  it.each<[string, Partial<WorklistFilters>, string[]]>([
    ['no filter', {}, ['1', '2', '3']],
    ['modality in a multi-modality study', { modality: 'SR' }, ['1']],
    ['modality, case-insensitive', { modality: 'cr' }, ['1', '3']],
    ['date from (inclusive), undated excluded', { dateFrom: '2024-02-15' }, ['2']],
    ['date to (inclusive)', { dateTo: '2024-01-10' }, ['1']],
    ['date range with nothing inside', { dateFrom: '2024-01-11', dateTo: '2024-02-14' }, []],
    ['text: accent-insensitive name', { text: 'muller' }, ['1']],
    ['text: patient ID', { text: 'x9' }, ['2']],
    ['text: accession', { text: 'acc-1' }, ['1']],
    ['text: description', { text: 'HEAD' }, ['2']],
    ['text: every word must match', { text: 'ct smith' }, ['2']],
    ['text: words across fields', { text: 'hans pa' }, ['1']],
    ['text: only spaces is no filter', { text: '   ' }, ['1', '2', '3']],
    ['combined', { modality: 'CR', text: 'ulf' }, ['3']],
  ])('%s', (_, filters, expected) => {
    expect(uids(filters)).toEqual(expected);
  });
});

describe('filter helpers', () => {
  it('lists the modalities present, sorted and unique', () => {
    expect(modalityOptions(studies)).toEqual(['CR', 'CT', 'SR']);
  });

  it.each<[Partial<WorklistFilters>, boolean]>([
    [{}, false],
    [{ text: 'a' }, true],
    [{ dateTo: '2024-01-01' }, true],
  ])('isFiltered(%j) → %s', (filters, expected) => {
    expect(isFiltered({ ...EMPTY_FILTERS, ...filters })).toBe(expected);
  });
});
