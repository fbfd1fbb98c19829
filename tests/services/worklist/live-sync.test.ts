import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import type { OrthancChange, OrthancChangesPage } from '../../../src/services/pacs/orthanc-changes';
import { PacsHttpError, PacsResponseError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import type { QidoQuery } from '../../../src/domain/dicom/qido';
import { type LiveSync, type LiveSyncCallbacks, planChanges, startLiveSync } from '../../../src/services/worklist/live-sync';
import { qidoStudy } from '../../domain/study/fixtures';

/** A scripted Orthanc: studies by internal id, a change log, a lookup route, and a switch to fail. */
function scriptedPacs(options: { changeFeed?: boolean; lookup?: boolean } = {}) {
  const state = {
    studies: new Map<string, DicomJson>(),
    log: [] as OrthancChange[],
    seq: 10,
    failure: null as Error | null,
    walks: 0,
    lookups: 0,
  };
  const guard = () => {
    if (state.failure) throw state.failure;
  };
  const change = (changeType: string, id: string) => state.log.push({ seq: ++state.seq, changeType, resourceType: 'Study', id, date: '' });
  const pacs = {
    state,
    add(uid: string, log = true) {
      state.studies.set(`id-${uid}`, qidoStudy({ StudyInstanceUID: uid }));
      if (log) change('NewStudy', `id-${uid}`);
    },
    remove(uid: string) {
      state.studies.delete(`id-${uid}`);
      change('Deleted', `id-${uid}`);
    },
    client: {
      async searchStudies(query?: QidoQuery): Promise<DicomJson[]> {
        guard();
        const uid = query?.match?.StudyInstanceUID;
        if (!uid && !query?.offset) state.walks++;
        const all = [...state.studies.values()];
        return uid ? all.filter((ds) => ds['0020000D']?.Value?.[0] === uid) : all.slice(query?.offset ?? 0);
      },
      async fetchLastChangeSeq(): Promise<number> {
        guard();
        if (options.changeFeed === false) throw new PacsHttpError('no /changes', 404);
        return state.seq;
      },
      async fetchChanges(since: number): Promise<OrthancChangesPage> {
        guard();
        return { changes: state.log.filter((c) => c.seq > since), done: true, last: state.seq };
      },
      async fetchOrthancStudyUID(id: string): Promise<string> {
        guard();
        state.lookups++;
        if (options.lookup === false) throw new PacsResponseError('/pacs/studies answered with invalid JSON');
        const study = state.studies.get(id);
        if (!study) throw new PacsHttpError('unknown resource', 404);
        return study['0020000D']?.Value?.[0] as string;
      },
    },
  };
  pacs.add('1', false);
  return pacs;
}

/** Applies callbacks to a plain list, like the store does, and records what happened. */
function recorder() {
  const events: string[] = [];
  let list: string[] = [];
  const uidOf = (ds: DicomJson) => ds['0020000D']?.Value?.[0] as string;
  const callbacks: LiveSyncCallbacks = {
    onSnapshot(datasets, mode) {
      list = datasets.map(uidOf).sort();
      events.push(`snapshot:${mode}`);
    },
    onUpdate(datasets, gone) {
      const uids = datasets.map(uidOf);
      list = [...new Set([...list.filter((uid) => !gone.includes(uid)), ...uids])].sort();
      events.push(`update:${uids.join(',')}-${gone.join(',')}`);
    },
    onHealthy: (mode) => events.push(`healthy:${mode}`),
    onFailure: (error, attempt, retryInMs) => events.push(`failure:${(error as Error).name}:${attempt}:${retryInMs}`),
  };
  return { events, list: () => list, callbacks };
}

let sync: LiveSync | null = null;
afterEach(() => sync?.stop());

const fast = { query: {}, changesPollMs: 1, fallbackPollMs: 1 };

describe('startLiveSync', () => {
  it('walks once, then fetches each new study alone', async () => {
    const pacs = scriptedPacs();
    const { events, list, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(events).toContain('snapshot:changes'));
    pacs.add('2');
    pacs.add('3');
    await vi.waitFor(() => expect(list()).toEqual(['1', '2', '3']));
    expect(events).toContain('update:2-');
    expect(pacs.state.walks).toBe(1);
  });

  it('does nothing while nothing changes', async () => {
    const pacs = scriptedPacs();
    const { events, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(events.filter((e) => e === 'healthy:changes').length).toBeGreaterThan(20));
    expect(pacs.state.walks).toBe(1);
    expect(pacs.state.lookups).toBe(0);
  });

  it('walks again after a deletion', async () => {
    const pacs = scriptedPacs();
    const { events, list, callbacks } = recorder();
    pacs.add('2', false);
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(list()).toEqual(['1', '2']));
    pacs.remove('1');
    await vi.waitFor(() => expect(list()).toEqual(['2']));
    expect(events.filter((e) => e.startsWith('snapshot'))).toHaveLength(2);
  });

  it('walks instead when the study lookup route is missing, and stops asking for it', async () => {
    const pacs = scriptedPacs({ lookup: false });
    const { list, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(pacs.state.walks).toBe(1));
    pacs.add('2');
    await vi.waitFor(() => expect(list()).toEqual(['1', '2']));
    pacs.add('3');
    await vi.waitFor(() => expect(list()).toEqual(['1', '2', '3']));
    expect(pacs.state.lookups).toBe(1);
    expect(pacs.state.walks).toBe(3);
  });

  it('reports failures with growing back-off, then recovers with a fresh walk', async () => {
    const pacs = scriptedPacs();
    const { events, list, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(pacs.state.walks).toBe(1));
    pacs.state.failure = new PacsUnreachableError('down', 502);
    await vi.waitFor(() => expect(events).toContain('failure:PacsUnreachableError:1:1000'));
    sync.wakeUp();
    await vi.waitFor(() => expect(events).toContain('failure:PacsUnreachableError:2:2000'));
    pacs.state.failure = null;
    pacs.add('3', false);
    sync.wakeUp();
    await vi.waitFor(() => expect(list()).toEqual(['1', '3']));
    await vi.waitFor(() => expect(events.at(-1)).toBe('healthy:changes'));
  });

  it('walks again when the PACS was reset (sequence went backwards)', async () => {
    const pacs = scriptedPacs();
    const { list, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(pacs.state.walks).toBe(1));
    pacs.state.studies.clear();
    pacs.add('fresh', false);
    pacs.state.seq = 0;
    await vi.waitFor(() => expect(list()).toEqual(['fresh']));
  });

  it('falls back to polling QIDO when the PACS has no change feed', async () => {
    const pacs = scriptedPacs({ changeFeed: false });
    const { events, list, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(events).toContain('snapshot:polling'));
    pacs.add('9', false);
    await vi.waitFor(() => expect(list()).toEqual(['1', '9']));
  });

  it('stops: no callback after stop()', async () => {
    const pacs = scriptedPacs();
    const { events, callbacks } = recorder();
    sync = startLiveSync({ ...fast, client: pacs.client }, callbacks);
    await vi.waitFor(() => expect(events.length).toBeGreaterThan(2));
    sync.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const count = events.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.length).toBe(count);
  });
});

describe('planChanges', () => {
  const change = (changeType: string, resourceType: string, id = 'x'): OrthancChange => ({ seq: 1, changeType, resourceType, id, date: '' });

  it.each<[string, OrthancChange[], { studyIDs: string[]; fullWalk: boolean }]>([
    ['nothing', [], { studyIDs: [], fullWalk: false }],
    [
      'new study, instance-level noise ignored',
      [change('NewInstance', 'Instance'), change('NewSeries', 'Series'), change('NewStudy', 'Study', 's1'), change('NewPatient', 'Patient')],
      { studyIDs: ['s1'], fullWalk: false },
    ],
    ['a study named twice is fetched once', [change('NewStudy', 'Study', 's1'), change('StableStudy', 'Study', 's1')], { studyIDs: ['s1'], fullWalk: false }],
    ['job and metadata events change nothing', [change('JobSuccess', 'Study'), change('UpdatedMetadata', 'Study')], { studyIDs: [], fullWalk: false }],
    ['a deleted instance needs a walk', [change('Deleted', 'Instance')], { studyIDs: [], fullWalk: true }],
  ])('%s', (_, changes, expected) => {
    expect(planChanges(changes)).toEqual(expected);
  });
});
