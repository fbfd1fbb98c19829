import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { PacsHttpError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { Tag } from '../../../src/domain/dicom/tags';
import type { OrthancChange, OrthancChangesPage } from '../../../src/services/pacs/orthanc-changes';
import { createStudyCache, type StudyCacheEvent } from '../../../src/services/pacs/study-cache';
import { changedStudies, followStudyChanges } from '../../../src/services/pacs/study-changes';

const change = (seq: number, changeType: string, resourceType: string, id: string): OrthancChange => ({ seq, changeType, resourceType, id, date: '' });

describe('changedStudies', () => {
  it.each([
    ['a study gone quiet after new instances', [change(1, 'StableStudy', 'Study', 'a')], [{ id: 'a', deleted: false, added: false }]],
    ['a new study', [change(1, 'NewStudy', 'Study', 'a')], [{ id: 'a', deleted: false, added: true }]],
    ['a deleted study', [change(1, 'Deleted', 'Study', 'a')], [{ id: 'a', deleted: true, added: false }]],
    [
      'each study once, in feed order, with all it went through',
      [change(1, 'StableStudy', 'Study', 'b'), change(2, 'NewStudy', 'Study', 'a'), change(3, 'StableStudy', 'Study', 'a'), change(4, 'Deleted', 'Study', 'b')],
      [
        { id: 'b', deleted: true, added: false },
        { id: 'a', deleted: false, added: true },
      ],
    ],
    ['reading state (metadata)', [change(1, 'UpdatedMetadata', 'Study', 'a')], []],
    ['series and instance levels (no route maps them to a study)', [change(1, 'NewSeries', 'Series', 's'), change(2, 'NewInstance', 'Instance', 'i')], []],
    ['a patient', [change(1, 'StablePatient', 'Patient', 'p')], []],
  ])('%s', (_case, changes, expected) => {
    expect(changedStudies(changes)).toEqual(expected);
  });
});

const attr = (vr: string, value: string) => ({ vr, Value: [value] });
const seriesDs = (uid: string): DicomJson => ({ [Tag.SeriesInstanceUID]: attr('UI', uid), [Tag.Modality]: attr('CS', 'CR') });

/** Orthanc's feed and study lookup over studies s1–s3 (one series each), and DICOMweb series lists, counted. */
function fakePacs() {
  const feed: OrthancChange[] = [];
  const calls: string[] = [];
  const series: Record<string, string[]> = { s1: ['s1.1'], s2: ['s2.1'], s3: ['s3.1'] };
  let down = false;
  let reset = false;
  const reachable = () => {
    if (down) throw new PacsUnreachableError('PACS unreachable (/pacs/changes): 502', 502);
  };
  const client = {
    fetchLastChangeSeq: async () => (reachable(), feed.length),
    fetchChanges: async (since: number, limit = 100): Promise<OrthancChangesPage> => {
      reachable();
      if (reset) return { changes: [], done: true, last: 0 };
      const changes = feed.filter((c) => c.seq > since).slice(0, limit);
      return { changes, done: changes.length < limit, last: changes.at(-1)?.seq ?? since };
    },
    fetchOrthancStudy: async (id: string) => {
      calls.push(`lookup ${id}`);
      const uid = id.replace(/^id-/, '');
      if (!series[uid]) throw new PacsHttpError('PACS error (404)', 404);
      return { studyInstanceUid: uid, patientId: 'P1', seriesIds: series[uid].map((s) => `id-${s}`) };
    },
    searchSeries: async (study: string) => (calls.push(`series ${study}`), (series[study] ?? []).map(seriesDs)),
    /** Every study is patient P1's. */
    searchStudies: async (query: { match?: Record<string, string> }) =>
      Object.keys(series)
        .filter((uid) => !query.match?.StudyInstanceUID || query.match.StudyInstanceUID === uid)
        .map((uid) => ({ [Tag.StudyInstanceUID]: attr('UI', uid), [Tag.PatientID]: attr('LO', 'P1') })),
  };
  return {
    client,
    calls,
    log: (changeType: string, resourceType: string, id: string) => feed.push(change(feed.length + 1, changeType, resourceType, id)),
    /** A series stored into a study, as Orthanc logs it (StableStudy comes later). */
    addSeries: (study: string) => {
      series[study].push(`${study}.${series[study].length + 1}`);
      feed.push(change(feed.length + 1, 'NewSeries', 'Series', `id-${study}-new`));
    },
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
    pacs.log('NewStudy', 'Study', 'id-s1'); // before we listen: not replayed
    const cache = createStudyCache(pacs.client as never);
    await cache.seriesOf('s1');
    await cache.seriesOf('s2');
    const events: StudyCacheEvent[] = [];
    cache.subscribe('s1', (e) => events.push(e));
    cache.subscribe('s2', (e) => events.push(e));
    const stop = followStudyChanges({ client: pacs.client, cache, pollMs: 1_000 });
    await vi.advanceTimersByTimeAsync(0); // the cursor
    const seriesReads = (uid: string) => pacs.calls.filter((c) => c === `series ${uid}`).length;
    const lookups = () => pacs.calls.filter((c) => c.startsWith('lookup'));
    return { pacs, cache, events, stop, seriesReads, lookups };
  }

  it('drops a cached study that gained a series, so the next read asks the PACS again', async () => {
    const { pacs, cache, events, stop, seriesReads } = await setup();
    pacs.addSeries('s1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events, 'NewSeries alone names no study').toEqual([]);
    pacs.log('StableStudy', 'Study', 'id-s1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's1', reason: 'changed' }]);
    expect((await cache.seriesOf('s1')).length).toBe(2);
    await cache.seriesOf('s2');
    expect([seriesReads('s1'), seriesReads('s2')]).toEqual([2, 1]);
    stop();
  });

  it("with the server's event stream, reads the feed on each push (and after a failure), never on a timer", async () => {
    const pacs = fakePacs();
    const cache = createStudyCache(pacs.client as never);
    await cache.seriesOf('s1');
    const events: StudyCacheEvent[] = [];
    cache.subscribe('s1', (e) => events.push(e));
    let push = () => {};
    const stop = followStudyChanges({ client: pacs.client, cache, pollMs: 1_000, pushed: (listener) => ((push = listener), () => (push = () => {})) });
    await vi.advanceTimersByTimeAsync(0); // the cursor
    pacs.addSeries('s1');
    pacs.log('StableStudy', 'Study', 'id-s1');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events, 'no push, no read').toEqual([]);
    push();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's1', reason: 'changed' }]);
    pacs.setDown(true);
    pacs.addSeries('s1');
    pacs.log('StableStudy', 'Study', 'id-s1');
    push(); // fails: retried with backoff until the PACS answers
    await vi.advanceTimersByTimeAsync(0);
    pacs.setDown(false);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(events).toHaveLength(2);
    stop();
  });

  it('keeps a study whose held series list already has what the PACS has (read after the store)', async () => {
    const { pacs, events, stop, lookups } = await setup();
    pacs.log('StableStudy', 'Study', 'id-s1');
    pacs.log('UpdatedMetadata', 'Study', 'id-s2');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
    expect(lookups()).toEqual(['lookup id-s1']);
    stop();
  });

  it('looks up a study it does not hold once, then skips it; a study deleted before the lookup is skipped', async () => {
    const { pacs, events, stop, lookups } = await setup();
    pacs.log('StableStudy', 'Study', 'id-s3');
    pacs.log('StableStudy', 'Study', 'id-gone');
    await vi.advanceTimersByTimeAsync(1_000);
    pacs.log('StableStudy', 'Study', 'id-s3');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([]);
    expect(lookups()).toEqual(['lookup id-s3', 'lookup id-gone']);
    stop();
  });

  it('drops a held study deleted from the PACS, by the id it looked up before', async () => {
    const { pacs, events, stop, lookups } = await setup();
    pacs.log('StableStudy', 'Study', 'id-s2');
    await vi.advanceTimersByTimeAsync(1_000);
    pacs.log('Deleted', 'Study', 'id-s2');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's2', reason: 'changed' }]);
    expect(lookups()).toEqual(['lookup id-s2']);
    stop();
  });

  it("drops the patient's study lists when the patient has a new study", async () => {
    const { pacs, cache, events, stop } = await setup();
    expect((await cache.patientStudiesOf('s2')).length).toBe(3);
    events.length = 0; // the record and the list arriving
    pacs.log('NewStudy', 'Study', 'id-s3'); // s3 is P1's too, and not held
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's2', reason: 'patient-changed' }]);
    stop();
  });

  it('reads what changed during an outage once the PACS answers again', async () => {
    const { pacs, events, stop } = await setup();
    pacs.setDown(true);
    pacs.addSeries('s1');
    pacs.log('StableStudy', 'Study', 'id-s1');
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
