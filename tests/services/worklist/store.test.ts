import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../../src/services/pacs/client';
import { PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { DEFAULT_SORT } from '../../../src/domain/study/sort';
import { useWorklist, visibleStudyUIDs } from '../../../src/services/worklist/store';
import { triageStudies } from '../../../src/domain/triage/worklist-triage';
import { qidoStudy } from '../../domain/study/fixtures';
import { IndexHttpError, type IndexClient } from '../../../src/services/worklist/index-client';

/** A server without a database: the worklist walks the PACS (QIDO mode). */
const noIndex = {
  fetchPage: async () => {
    throw new IndexHttpError(404, 'no index');
  },
} as IndexClient;

/** Just enough PACS for the store: a study list and a change feed that never changes. */
function pacs(studies: DicomJson[], failure: { error: Error | null } = { error: null }) {
  const guard = async () => {
    if (failure.error) throw failure.error;
  };
  return {
    searchStudies: async () => (await guard(), studies),
    fetchLastChangeSeq: async () => (await guard(), 1),
    fetchChanges: async () => (await guard(), { changes: [], done: true, last: 1 }),
    fetchOrthancStudyUID: async () => '',
  } as unknown as PacsClient;
}

const studies = [
  qidoStudy({ StudyInstanceUID: 'old', PatientName: 'B^x', StudyDate: '20200101', ModalitiesInStudy: ['CT'] }),
  qidoStudy({ StudyInstanceUID: 'new', PatientName: 'A^y', StudyDate: '20240101', ModalitiesInStudy: ['CR'] }),
  qidoStudy({ StudyInstanceUID: 'mid', PatientName: 'C^z', StudyDate: '20220101', ModalitiesInStudy: ['CR'] }),
];

afterEach(() => useWorklist.getState().disconnect());

describe('worklist store', () => {
  it('loads, then sorts and filters the visible order', async () => {
    useWorklist.getState().connect(pacs(studies), noIndex);
    await vi.waitFor(() => expect(useWorklist.getState().loaded).toBe(true));
    expect(visibleStudyUIDs()).toEqual(['new', 'mid', 'old']);

    useWorklist.getState().toggleSort('patientName');
    expect(visibleStudyUIDs()).toEqual(['new', 'old', 'mid']);
    useWorklist.getState().setFilters({ modality: 'CR' });
    expect(visibleStudyUIDs()).toEqual(['new', 'mid']);
    useWorklist.getState().clearFilters();
    expect(visibleStudyUIDs()).toHaveLength(3);
    expect(useWorklist.getState().arrivedUIDs.size).toBe(0);
  });

  it('orders by urgency by default and re-sorts when the triage changes; flagged only filters', async () => {
    useWorklist.setState({ sort: DEFAULT_SORT }); // the store outlives each test
    useWorklist.getState().connect(pacs(studies), noIndex);
    await vi.waitFor(() => expect(useWorklist.getState().loaded).toBe(true));
    const now = Date.UTC(2024, 5, 1);
    const statOld = (uid: string) =>
      uid === 'old'
        ? { status: 'done' as const, findings: [{ label: 'effusion', probability: 0.9, threshold: 0.5, clinicalClass: 'critical' as const }] }
        : null;
    useWorklist.getState().setTriage(triageStudies(useWorklist.getState().studies, statOld, now));
    expect(visibleStudyUIDs()[0]).toBe('old');
    useWorklist.getState().setFlaggedOnly(true);
    expect(visibleStudyUIDs()).toEqual(['old']);
    useWorklist.getState().clearFilters();
    expect(useWorklist.getState().flaggedOnly).toBe(false);
    expect(visibleStudyUIDs()).toHaveLength(3);
  });

  it('keeps the last list and reports the fault while the PACS is down', async () => {
    const failure = { error: null as Error | null };
    useWorklist.getState().connect(pacs(studies, failure), noIndex);
    await vi.waitFor(() => expect(useWorklist.getState().sync.phase).toBe('live'));
    failure.error = new PacsUnreachableError('PACS unreachable (502)', 502);
    await vi.waitFor(() => expect(useWorklist.getState().sync.phase).toBe('failed'));
    const { sync, studies: kept } = useWorklist.getState();
    expect(sync.phase === 'failed' && sync.fault.kind).toBe('unreachable');
    expect(kept).toHaveLength(3);
    failure.error = null;
    useWorklist.getState().retryNow();
    await vi.waitFor(() => expect(useWorklist.getState().sync.phase).toBe('live'));
  });
});
