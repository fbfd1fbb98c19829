import { describe, expect, it } from 'vitest';
import type { ReadingStore } from '../../server/reading/reading-store-orthanc';
import { readingService } from '../../server/reading/reading-service';

/**
 * A PACS without revision checks (Orthanc's default) that yields between every call. Its change log
 * holds one UpdatedMetadata per write among other changes (`clearLog` drops it, as DELETE /changes);
 * `scans` counts full scans.
 */
function lenientStore() {
  const texts = new Map<string, string>();
  const log: { seq: number; id: string | null }[] = [];
  const counts = { scans: 0 };
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
  let seq = 0;
  const logged = (id: string | null) => log.push({ seq: ++seq, id });
  const store: ReadingStore = {
    studyId: (uid) => later(uid === 'missing' ? null : `id-${uid}`),
    read: (id) => later({ text: texts.get(id) ?? null, etag: null }),
    write(id, text) {
      texts.set(id, text);
      logged(null); // some other change in between
      logged(id);
      return later(true);
    },
    lastChange: () => later(seq),
    changedStudies(since, limit = 1000) {
      const page = log.filter((change) => change.seq > since).slice(0, limit);
      const ids = [...new Set(page.flatMap((change) => (change.id ? [change.id] : [])))];
      const last = page.at(-1)?.seq ?? seq;
      return later({ ids, first: page[0]?.seq ?? null, last, done: last === seq });
    },
    allStudies() {
      counts.scans++;
      return later(new Map([...texts.keys()].map((id) => [id, id.slice(3)])));
    },
    studyUID: (id) => later(id.slice(3)),
  };
  return { store, counts, clearLog: () => log.splice(0) };
}

describe('readingService', () => {
  it('within one server, concurrent claims on a study run one after another: one winner', async () => {
    const service = readingService(lenientStore().store);
    const replies = await Promise.all(['alice', 'bob', 'carol'].map((user) => service.act('1.2', 'claim', user)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('claims on different studies do not wait for each other to succeed', async () => {
    const service = readingService(lenientStore().store);
    const replies = await Promise.all([service.act('1.2', 'claim', 'alice'), service.act('1.3', 'claim', 'bob')]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(Object.keys((await service.list(null)).states).sort()).toEqual(['1.2', '1.3']);
  });

  it('lists every state from the change log, without a scan of every study', async () => {
    const { store, counts } = lenientStore();
    const service = readingService(store);
    for (const uid of ['1.2', '1.3', '1.4']) await service.act(uid, 'claim', 'alice');
    await service.act('1.3', 'release', 'alice');
    const listed = await service.list(null);
    expect(Object.keys(listed.states).sort()).toEqual(['1.2', '1.3', '1.4']);
    expect(listed.complete).toBe(true);
    expect(counts.scans).toBe(0);
  });

  it('scans every study when the change log no longer starts at its first change', async () => {
    const { store, counts, clearLog } = lenientStore();
    const service = readingService(store);
    await service.act('1.2', 'claim', 'alice');
    clearLog();
    await service.act('1.3', 'claim', 'bob');
    expect(Object.keys((await service.list(null)).states).sort()).toEqual(['1.2', '1.3']);
    expect(counts.scans).toBe(1);
  });

  it('answers 404 for a study the PACS does not have', async () => {
    expect((await readingService(lenientStore().store).act('missing', 'claim', 'alice')).status).toBe(404);
  });
});
