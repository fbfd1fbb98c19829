import { describe, expect, it } from 'vitest';
import { qidoSearchParams } from '../../../src/domain/dicom/qido';
import { Tag } from '../../../src/domain/dicom/tags';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import type { StudyAiResult, StudyAiStatus } from '../../../src/domain/ai/result/types';
import type { PriorEntry } from '../../../src/domain/priors/prior-lookup';
import {
  aiSummaryText,
  currentStudyQuery,
  cyclePriorUid,
  ISSUER_OF_PATIENT_ID,
  patientStudiesQuery,
  studySummaryOf,
} from '../../../src/domain/priors/prior-query';
import type { AiFinding } from '../../../src/domain/ai/result/types';

const ds = (values: Record<string, string | string[]>): DicomJson =>
  Object.fromEntries(Object.entries(values).map(([tag, value]) => [tag, { vr: 'LO', Value: Array.isArray(value) ? value : [value] }]));

describe('QIDO queries', () => {
  it('looks the current study up by its UID, asking for what the hanging rule needs', () => {
    const params = qidoSearchParams(currentStudyQuery('1.2.3'));
    expect(params.get('StudyInstanceUID')).toBe('1.2.3');
    expect(params.getAll('includefield')).toEqual(expect.arrayContaining([Tag.ModalitiesInStudy, Tag.BodyPartExamined, ISSUER_OF_PATIENT_ID]));
  });

  it('searches the patient by PatientID only: the issuer is compared afterwards, so priors without one stay', () => {
    const params = qidoSearchParams(patientStudiesQuery({ studyInstanceUid: '1', patientID: 'P 7', issuerOfPatientId: 'HOSP', modalities: [] }));
    expect(params.get('PatientID')).toBe('P 7');
    expect(params.has(ISSUER_OF_PATIENT_ID)).toBe(false);
    expect(params.has('IssuerOfPatientID')).toBe(false);
  });
});

describe('studySummaryOf', () => {
  it('maps a QIDO study result, absent attributes as undefined', () => {
    const summary = studySummaryOf(
      ds({
        [Tag.StudyInstanceUID]: '1.2',
        [Tag.PatientID]: 'P1 ',
        [ISSUER_OF_PATIENT_ID]: 'HOSP',
        [Tag.StudyDate]: '20261106',
        [Tag.ModalitiesInStudy]: ['CR', 'SR'],
      }),
    );
    expect(summary).toEqual({
      studyInstanceUid: '1.2',
      patientID: 'P1',
      issuerOfPatientId: 'HOSP',
      studyDate: '20261106',
      studyTime: undefined,
      modalities: ['CR', 'SR'],
      bodyPart: undefined,
      description: undefined,
    });
  });

  it('survives an empty dataset', () => {
    expect(studySummaryOf({})).toMatchObject({ studyInstanceUid: '', patientID: '', modalities: [] });
  });
});

describe('aiSummaryText', () => {
  const finding = (label: string, probability: number, threshold = 0.5): AiFinding => ({ label, probability, threshold, positive: probability >= threshold });
  const done = (findings: AiFinding[], extra: Partial<StudyAiResult> = {}): StudyAiStatus => ({
    phase: 'done',
    result: {
      origin: 'cache',
      modelKey: 'k',
      studyInstanceUid: '1',
      seriesInstanceUid: '2',
      sopInstanceUid: '3',
      computedAt: '',
      findings,
      qaFlags: [],
      lungAreas: [],
      ...extra,
    },
  });

  it.each<[string, StudyAiStatus | undefined, string | undefined]>([
    [
      'the most probable finding over its threshold',
      done([finding('pneumonia', 0.61), finding('effusion', 0.823), finding('nodule', 0.9, 0.95)]),
      'Effusion 0.82',
    ],
    ['nothing over threshold', done([finding('effusion', 0.2)]), 'no AI flags'],
    ['out of distribution', done([finding('effusion', 0.9)], { notApplicable: 'not a chest film' }), 'AI not applicable'],
    ['no CR/DX image', { phase: 'no-model', reason: 'CT only' }, 'AI not applicable'],
    ['still queued', { phase: 'queued' }, undefined],
    ['failed', { phase: 'failed', message: 'x' }, undefined],
    ['never seen', undefined, undefined],
  ])('%s → %s', (_, status, expected) => {
    expect(aiSummaryText(status)).toBe(expected);
  });
});

describe('cyclePriorUid', () => {
  const priors = ['new', 'mid', 'old'].map((uid) => ({ study: { studyInstanceUid: uid } }) as PriorEntry);

  it.each<[string | null, 1 | -1, string | undefined]>([
    [null, 1, 'new'],
    ['new', 1, 'mid'],
    ['old', 1, 'new'],
    ['mid', -1, 'new'],
    ['new', -1, 'old'],
    ['gone', -1, 'new'],
  ])('from %s by %s → %s', (selected, delta, expected) => {
    expect(cyclePriorUid(priors, selected, delta)).toBe(expected);
  });

  it('has nothing to cycle without priors', () => {
    expect(cyclePriorUid([], null, 1)).toBeUndefined();
  });
});
