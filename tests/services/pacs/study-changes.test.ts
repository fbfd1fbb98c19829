import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { PacsHttpError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { Tag } from '../../../src/domain/dicom/tags';
import type { OrthancChange, OrthancChangesPage } from '../../../src/services/pacs/orthanc-changes';
import { createStudyCache, type StudyCacheEvent } from '../../../src/services/pacs/study-cache';
import { changedStudyIds, followStudyChanges } from '../../../src/services/pacs/study-changes';

const change = (seq: number, changeType: string, resourceType: string, id: string): OrthancChange => ({ seq, changeType, resourceType, id, date: '' });

describe('changedStudyIds', () => {
  it.each([
    ['a new instance in a study', [change(1, 'NewChildInstance', 'Study', 'a')], ['a']],
    ['a new study', [change(1, 'NewStudy', 'Study', 'a')], ['a']],
    ['a deleted study', [change(1, 'Deleted', 'Study', 'a')], ['a']],
    [
      'each study once, in feed order',
      [change(1, 'NewChildInstance', 'Study', 'b'), change(2, 'NewChildInstance', 'Study', 'a'), change(3, 'NewChildInstance', 'Study', 'b')],
      ['b', 'a'],
    ],
    ['stable: nothing new in it', [change(1, 'StableStudy', 'Study', 'a')], []],
    ['reading state (metadata)', [change(1, 'UpdatedMetadata', 'Study', 'a')], []],
    ['series and instance levels (the study level says it)', [change(1, 'NewSeries', 'Series', 's'), change(2, 'NewInstance', 'Instance', 'i')], []],
    ['a patient', [change(1, 'NewChildInstance', 'Patient', 'p')], []],
  ])('%s', (_case, changes, expected) => {
    expect(changedStudyIds(changes)).toEqual(expected);
  });
});

const attr = (vr: string, value: string) => ({ vr, Value: [value] });
const seriesDs = (uid: string): DicomJson => ({ [Tag.SeriesInstanceUID]: attr('UI', uid), [Tag.Modality]: attr('CS', 'CR') });

/** Orthanc's feed and study lookup, and DICOMweb series lists, counted. */
function fakePacs() {
  const feed: OrthancChange[] = [];
  const calls: string[] = [];
  let down = false;
  let reset = false;
  const ids: Record<string, string> = { 'id-s1': 's1', 'id-s2': 's2', 'id-s3': 's3' };
  const reachable = () => {
    if (down) throw new PacsUnreachableError('PACS unreachable (/pacs/changes): 502', 502);
  };
  const client = {
    fetchLastChangeSeq: async () => (reachable(), feed.length),
    fetchChanges: async (since: number, limit = 100): Promise<OrthancChangesPage> => {
      reachable();
      calls.push(`changes ${since}`);
      if (reset) return { changes: [], done: true, last: 0 };
      const changes = feed.filter((c) => c.seq > since).slice(0, limit);
      return { changes, done: changes.length < limit, last: changes.at(-1)?.seq ?? since };
    },
    fetchOrthancStudyUID: async (id: string) => {
      calls.push(`lookup ${id}`);
      if (!ids[id]) throw new PacsHttpError('PACS error (404)', 404);
      return ids[id];
    },
    searchSeries: async (study: string) => (calls.push(`series ${study}`), [seriesDs(`${study}.1`)]),
  };
  return {
    client,
    calls,
    log: (changeType: string, resourceType: string, id: string) => feed.push(change(feed.length + 1, changeType, resourceType, id)),
    setDown: (value: boolean) => (down = value),
    resetDatabase: () => (reset = true),
  };
}

describe('followStudyChanges', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A cache holding s1 and s2 (their series lists read once), followed from the feed's end. */
  async function setup() {
    const pacs = fakePacs();
    pacs.log('NewChildInstance', 'Study', 'id-s1'); // before we listen: not replayed
    const cache = createStudyCache(pacs.client as never);
    await cache.seriesOf('s1');
    await cache.seriesOf('s2');
    const events: StudyCacheEvent[] = [];
    cache.subscribe('s1', (e) => events.push(e));
    cache.subscribe('s2', (e) => events.push(e));
    const stop = followStudyChanges({ client: pacs.client, cache, pollMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0); // the cursor
    const seriesReads = (uid: string) => pacs.calls.filter((c) => c === `series ${uid}`).length;
    return { pacs, cache, events, stop, seriesReads };
  }

  it('drops a cached study when an instance arrives in it, so the next read asks the PACS again', async () => {
    const { pacs, cache, events, stop, seriesReads } = await setup();
    pacs.log('NewSeries', 'Series', 'id-s1-sr');
    pacs.log('NewChildInstance', 'Study', 'id-s1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's1', reason: 'changed' }]);
    await cache.seriesOf('s1');
    await cache.seriesOf('s2');
    expect([seriesReads('s1'), seriesReads('s2')]).toEqual([2, 1]);
    stop();
  });

  it('leaves the cache alone for changes that add nothing, and for studies it does not hold', async () => {
    const { pacs, events, stop } = await setup();
    pacs.log('StableStudy', 'Study', 'id-s1');
    pacs.log('UpdatedMetadata', 'Study', 'id-s2');
    pacs.log('NewChildInstance', 'Study', 'id-s3');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
    expect(pacs.calls.filter((c) => c.startsWith('lookup'))).toEqual(['lookup id-s3']);
    stop();
  });

  it('looks each Orthanc id up once, and a study deleted before the lookup is skipped', async () => {
    const { pacs, events, stop } = await setup();
    pacs.log('NewChildInstance', 'Study', 'id-s2');
    pacs.log('NewChildInstance', 'Study', 'id-gone');
    await vi.advanceTimersByTimeAsync(1_000);
    pacs.log('NewChildInstance', 'Study', 'id-s2');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events.map((e) => e.type === 'invalidated' && `${e.studyInstanceUid} ${e.reason}`)).toEqual(['s2 changed', 's2 changed']);
    expect(pacs.calls.filter((c) => c.startsWith('lookup'))).toEqual(['lookup id-s2', 'lookup id-gone']);
    stop();
  });

  it('reads what changed during an outage once the PACS answers again', async () => {
    const { pacs, events, stop } = await setup();
    pacs.setDown(true);
    pacs.log('NewChildInstance', 'Study', 'id-s1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toEqual([]);
    pacs.setDown(false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's1', reason: 'changed' }]);
    stop();
  });

  it('drops every cached study when the PACS has a new database', async () => {
    const { pacs, events, stop } = await setup();
    pacs.resetDatabase();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events.map((e) => e.type === 'invalidated' && e.studyInstanceUid).sort()).toEqual(['s1', 's2']);
    stop();
  });

  it('asks nothing more once stopped', async () => {
    const { pacs, stop } = await setup();
    stop();
    const before = pacs.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pacs.calls.length).toBe(before);
  });
});
