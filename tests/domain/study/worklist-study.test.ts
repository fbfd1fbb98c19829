import { describe, expect, it } from 'vitest';
import { ageFromDates, normalizeDate, normalizeTime, parseAgeString, studyFromDicom } from '../../../src/domain/study/worklist-study';
import { qidoStudy, worklistStudy } from './fixtures';

describe('studyFromDicom', () => {
  it('maps a complete QIDO result', () => {
    const study = worklistStudy({
      StudyInstanceUID: ' 1.2.840.1 ',
      PatientName: 'Doe^Jane^Q',
      PatientID: 'P-001',
      PatientSex: 'f',
      PatientAge: '045Y',
      ModalitiesInStudy: ['CR', 'SR', 'cr'],
      BodyPartExamined: 'Chest',
      StudyDescription: 'CHEST PA',
      StudyDate: '20240131',
      StudyTime: '081530.123456',
      AccessionNumber: 'ACC9',
      NumberOfStudyRelatedSeries: 2,
      NumberOfStudyRelatedInstances: '3',
      RequestedProcedurePriority: 'stat',
    });
    expect(study).toEqual({
      studyInstanceUid: '1.2.840.1',
      patientName: 'DOE, Jane Q',
      patientID: 'P-001',
      patientSex: 'F',
      patientAge: '45Y',
      patientAgeDays: 45 * 365.25,
      modalities: ['CR', 'SR'],
      bodyPart: 'CHEST',
      description: 'CHEST PA',
      studyDate: '20240131',
      studyTime: '081530',
      accession: 'ACC9',
      seriesCount: 2,
      instanceCount: 3,
      priority: 'STAT',
      searchText: 'doe, jane q\np-001\nacc9\nchest pa',
    });
  });

  it.each([
    ['everything missing but the UID', {}],
    [
      'odd types everywhere',
      {
        PatientName: 42,
        PatientID: null,
        StudyDate: 'yesterday',
        StudyTime: '25:99',
        PatientAge: 'old',
        NumberOfStudyRelatedInstances: 'many',
        ModalitiesInStudy: [null, 3],
      },
    ],
    ['impossible date', { StudyDate: '20230230', PatientBirthDate: '19991340' }],
  ])('%s: blanks, no crash', (_, attributes) => {
    const study = worklistStudy(attributes);
    expect(study.patientName).toBe('');
    expect(study.studyDate).toBe('');
    expect(study.studyTime).toBe('');
    expect(study.patientAge).toBe('');
    expect(study.instanceCount).toBeUndefined();
    expect(study.modalities.every((m) => typeof m === 'string')).toBe(true);
  });

  it('drops a result without StudyInstanceUID', () => {
    expect(studyFromDicom(qidoStudy({ PatientID: 'x' }))).toBeNull();
    expect(studyFromDicom({})).toBeNull();
  });

  it('derives the age from birth and study dates when PatientAge is absent', () => {
    expect(worklistStudy({ PatientBirthDate: '19800615', StudyDate: '20240614' }).patientAge).toBe('43Y');
  });

  it('folds accents and case into the search text', () => {
    expect(worklistStudy({ PatientName: 'Müller^Zoë' }).searchText).toContain('muller, zoe');
  });
});

describe('age', () => {
  it.each([
    ['045Y', '45Y'],
    ['003M', '3M'],
    ['012W', '12W'],
    ['001D', '1D'],
    ['45', undefined],
    ['', undefined],
    ['0450Y', undefined],
  ])('parseAgeString(%j) → %j', (value, expected) => {
    expect(parseAgeString(value)?.text).toBe(expected);
  });

  it.each([
    ['19800615', '20240615', '44Y'],
    ['19800615', '20240614', '43Y'],
    ['20230101', '20240601', '17M'],
    ['20240101', '20240120', '19D'],
    ['20240601', '20240101', undefined],
    ['', '20240101', undefined],
  ])('ageFromDates(%s, %s) → %j', (birth, study, expected) => {
    expect(ageFromDates(birth, study)?.text).toBe(expected);
  });
});

describe('date and time normalization', () => {
  it.each([
    ['20240229', '20240229'],
    ['20230229', ''],
    ['2024-02-01', ''],
    ['', ''],
  ])('normalizeDate(%j) → %j', (value, expected) => {
    expect(normalizeDate(value)).toBe(expected);
  });

  it.each([
    ['081530.123', '081530'],
    ['0815', '081500'],
    ['08', '080000'],
    ['08:15:30', '081530'],
    ['2400', ''],
    ['081', ''],
    ['abc', ''],
  ])('normalizeTime(%j) → %j', (value, expected) => {
    expect(normalizeTime(value)).toBe(expected);
  });
});
