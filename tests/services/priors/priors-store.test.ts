import { beforeEach, describe, expect, it } from 'vitest';
import { PacsUnreachableError } from '../../../src/domain/dicom/errors';
import type { QidoQuery } from '../../../src/domain/dicom/qido';
import { Tag } from '../../../src/domain/dicom/tags';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { dispatchCompare, usePriors } from '../../../src/services/priors/priors-store';

const study = (uid: string, patientId: string, date: string, modality = 'CR'): DicomJson => ({
  [Tag.StudyInstanceUID]: { vr: 'UI', Value: [uid] },
  [Tag.PatientID]: { vr: 'LO', Value: [patientId] },
  [Tag.StudyDate]: { vr: 'DA', Value: [date] },
  [Tag.ModalitiesInStudy]: { vr: 'CS', Value: [modality] },
});

/** A PACS answering QIDO studies from a fixed list, matching StudyInstanceUID and PatientID exactly. */
function pacs(studies: DicomJson[]) {
  const queries: QidoQuery[] = [];
  return {
    queries,
    searchStudies: async (query: QidoQuery = {}) => {
      queries.push(query);
      return studies.filter((s) => Object.entries(query.match ?? {}).every(([key, value]) => (s[Tag[key as keyof typeof Tag]]?.Value ?? [])[0] === value));
    },
  };
}

const archive = [
  study('cur', 'P1', '20261120'),
  study('ct', 'P1', '20261118', 'CT'),
  study('d12', 'P1', '20261108'),
  study('y1', 'P1', '20251101'),
  study('later', 'P1', '20261121'),
  study('other', 'P2', '20261101'),
  study('alone', 'P3', '20261101'),
];

const uids = () => usePriors.getState().lookup?.priors.map((p) => p.study.studyInstanceUid);

describe('priors slice', () => {
  beforeEach(() => usePriors.getState().reset());

  it('lists the priors comparable first, newest first, with intervals; later studies and other patients are left out', async () => {
    await usePriors.getState().load(pacs(archive), 'cur');
    const state = usePriors.getState();
    expect(state.status).toBe('ready');
    expect(uids()).toEqual(['d12', 'y1', 'ct']);
    expect(state.lookup?.priors.map((p) => p.intervalText)).toEqual(['+12 d', '+13 mo', '+2 d']);
    expect(state.lookup?.defaultPrior?.study.studyInstanceUid).toBe('d12');
  });

  it('a patient with one exam has no priors and compare stays closed', async () => {
    await usePriors.getState().load(pacs(archive), 'alone');
    expect(uids()).toEqual([]);
    dispatchCompare({ type: 'compare' });
    expect(usePriors.getState().compareOpen).toBe(false);
  });

  it('reports a PACS failure in the slice', async () => {
    const failing = { searchStudies: async () => Promise.reject(new PacsUnreachableError('PACS unreachable (/dicom-web/studies): refused')) };
    await usePriors.getState().load(failing, 'cur');
    expect(usePriors.getState()).toMatchObject({ status: 'error', error: expect.stringContaining('PACS unreachable') });
  });

  it('says so when the PACS does not list the study', async () => {
    await usePriors.getState().load(pacs(archive), 'missing');
    expect(usePriors.getState()).toMatchObject({ status: 'error', error: 'the PACS does not list this study' });
  });

  it('compare opens on the default prior; the prior keys cycle along the strip and wrap', async () => {
    await usePriors.getState().load(pacs(archive), 'cur');
    dispatchCompare({ type: 'compare' });
    expect(usePriors.getState()).toMatchObject({ compareOpen: true, selectedPriorUid: 'd12' });
    dispatchCompare({ type: 'prior', delta: 1 });
    expect(usePriors.getState().selectedPriorUid).toBe('y1');
    dispatchCompare({ type: 'prior', delta: 1 });
    dispatchCompare({ type: 'prior', delta: 1 });
    expect(usePriors.getState().selectedPriorUid).toBe('d12');
    dispatchCompare({ type: 'prior', delta: -1 });
    expect(usePriors.getState().selectedPriorUid).toBe('ct');
  });

  it('subtraction only inside compare, and closing compare ends it', async () => {
    await usePriors.getState().load(pacs(archive), 'cur');
    dispatchCompare({ type: 'subtraction' });
    expect(usePriors.getState().subtraction).toBe(false);
    usePriors.getState().showPrior('y1');
    dispatchCompare({ type: 'subtraction' });
    expect(usePriors.getState()).toMatchObject({ compareOpen: true, selectedPriorUid: 'y1', subtraction: true });
    dispatchCompare({ type: 'compare' });
    expect(usePriors.getState()).toMatchObject({ compareOpen: false, subtraction: false });
  });

  it('sync switches start on and toggle one by one', () => {
    usePriors.getState().toggleSync('voi');
    expect(usePriors.getState().sync).toEqual({ zoomPan: true, voi: false, scroll: true });
  });

  it('a lookup for a study left meanwhile does not overwrite the new one', async () => {
    const slow = pacs(archive);
    const first = usePriors.getState().load(slow, 'cur');
    await usePriors.getState().load(slow, 'alone');
    await first;
    expect(usePriors.getState().studyInstanceUid).toBe('alone');
    expect(uids()).toEqual([]);
  });
});
