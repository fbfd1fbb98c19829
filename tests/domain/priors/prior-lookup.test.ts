import { describe, expect, it } from 'vitest';
import { findPriors, isComparable, isSamePatient, type StudySummary } from '../../../src/domain/priors/prior-lookup';

const study = (uid: string, overrides: Partial<StudySummary> = {}): StudySummary => ({
  studyInstanceUid: uid,
  patientID: 'P1',
  studyDate: '20240601',
  studyTime: '120000',
  modalities: ['DX'],
  bodyPart: 'CHEST',
  ...overrides,
});

const current = study('current', { studyDate: '20240601', studyTime: '101500' });
const uids = (entries: { study: StudySummary }[]) => entries.map((entry) => entry.study.studyInstanceUid);

describe('isSamePatient', () => {
  it.each<[string, Partial<StudySummary>, Partial<StudySummary>, boolean]>([
    ['PACS space padding', { patientID: 'P1 ' }, { patientID: '  P1' }, true],
    ['different IDs', { patientID: 'P1' }, { patientID: 'P2' }, false],
    ['empty IDs never match', { patientID: ' ' }, { patientID: '' }, false],
    ['same issuer', { issuerOfPatientId: 'HOSP-A' }, { issuerOfPatientId: 'HOSP-A ' }, true],
    ['different issuers', { issuerOfPatientId: 'HOSP-A' }, { issuerOfPatientId: 'HOSP-B' }, false],
    ['issuer on one side only', { issuerOfPatientId: 'HOSP-A' }, {}, true],
  ])('%s → %s', (_, a, b, expected) => {
    expect(isSamePatient(study('a', a), study('b', b))).toBe(expected);
  });
});

describe('isComparable', () => {
  it.each<[string, Partial<StudySummary>, Partial<StudySummary>, boolean]>([
    ['CR prior for a DX film', { modalities: ['DX'] }, { modalities: ['CR'] }, true],
    ['report objects are ignored', { modalities: ['DX', 'SR'] }, { modalities: ['SR', 'CR', 'KO'] }, true],
    ['CT is another family', { modalities: ['DX'] }, { modalities: ['CT'] }, false],
    ['a study holding only a report', { modalities: ['DX'] }, { modalities: ['SR'] }, false],
    ['lower-case and padded modality', { modalities: ['DX'] }, { modalities: [' cr '] }, true],
    ['other body part', { bodyPart: 'CHEST' }, { bodyPart: 'HAND' }, false],
    ['THORAX means CHEST', { bodyPart: 'CHEST' }, { bodyPart: 'thorax' }, true],
    ['unknown body part does not count against', { bodyPart: 'CHEST' }, { bodyPart: undefined }, true],
  ])('%s → %s', (_, a, b, expected) => {
    expect(isComparable(study('a', a), study('b', b))).toBe(expected);
  });
});

describe('findPriors', () => {
  it('orders comparable priors first, newest first, and hangs the most recent comparable one', () => {
    const result = findPriors(current, [
      study('ct-last-week', { studyDate: '20240525', modalities: ['CT'] }),
      study('cr-2022', { studyDate: '20220315', modalities: ['CR'] }),
      study('dx-last-month', { studyDate: '20240502' }),
      study('hand-yesterday', { studyDate: '20240531', bodyPart: 'HAND' }),
    ]);
    expect(uids(result.priors)).toEqual(['dx-last-month', 'cr-2022', 'hand-yesterday', 'ct-last-week']);
    expect(result.priors.map((entry) => entry.comparable)).toEqual([true, true, false, false]);
    expect(result.defaultPrior?.study.studyInstanceUid).toBe('dx-last-month');
  });

  it('drops the current study, later studies, other patients and repeated UIDs', () => {
    const result = findPriors(current, [
      study('current'),
      study('later-same-day', { studyTime: '101600' }),
      study('next-month', { studyDate: '20240701' }),
      study('other-patient', { patientID: 'P2', studyDate: '20240101' }),
      study('issuer-on-one-side', { issuerOfPatientId: 'B', studyDate: '20240102' }),
      study('prior', { studyDate: '20240101' }),
      study('prior', { patientID: 'P1   ', studyDate: '20240101' }),
    ]);
    expect(uids(result.priors)).toEqual(['issuer-on-one-side', 'prior']);
  });

  it('interval text: minutes, hours, days, months, years', () => {
    const result = findPriors(current, [
      study('m', { studyTime: '094500' }),
      study('h', { studyTime: '051500' }),
      study('d', { studyDate: '20240520' }),
      study('mo', { studyDate: '20240301' }),
      study('y', { studyDate: '20220601' }),
      study('same-day-no-time', { studyTime: undefined }),
    ]);
    expect(result.priors.map((entry) => [entry.study.studyInstanceUid, entry.intervalText, entry.intervalDays])).toEqual([
      ['m', '+30 min', 0],
      ['h', '+5 h', 0],
      ['same-day-no-time', 'same day', 0],
      ['d', '+12 d', 12],
      ['mo', '+3 mo', 92],
      ['y', '+2 y', 731],
    ]);
  });

  it('puts missing or impossible dates last, in input order, and never hangs them by default', () => {
    const result = findPriors(current, [
      study('no-date', { studyDate: undefined }),
      study('feb-30', { studyDate: '20240230' }),
      study('legacy-format', { studyDate: '2023.06.01' }),
      study('garbage', { studyDate: 'yesterday' }),
    ]);
    expect(uids(result.priors)).toEqual(['legacy-format', 'no-date', 'feb-30', 'garbage']);
    expect(result.priors.map((entry) => entry.intervalText)).toEqual(['+12 mo', 'date unknown', 'date unknown', 'date unknown']);
    expect(result.defaultPrior?.study.studyInstanceUid).toBe('legacy-format');
  });

  it('without a current date every interval is unknown and nothing is hung by default', () => {
    const result = findPriors(study('current', { studyDate: '' }), [study('older', { studyDate: '20200101' }), study('newer', { studyDate: '20230101' })]);
    expect(uids(result.priors)).toEqual(['newer', 'older']);
    expect(result.priors.every((entry) => entry.intervalText === 'date unknown')).toBe(true);
    expect(result.defaultPrior).toBeUndefined();
  });

  it('offers no default when no prior is comparable', () => {
    const result = findPriors(current, [study('ct', { studyDate: '20240101', modalities: ['CT'] })]);
    expect(result.priors).toHaveLength(1);
    expect(result.defaultPrior).toBeUndefined();
  });

  it('passes the AI summary through for display', () => {
    const result = findPriors(current, [study('p', { studyDate: '20240101', aiSummary: 'Effusion 0.82' })]);
    expect(result.defaultPrior?.study.aiSummary).toBe('Effusion 0.82');
  });
});
