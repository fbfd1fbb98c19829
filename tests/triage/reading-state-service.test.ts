import { describe, expect, it } from 'vitest';
import type { ReadingStore } from '../../scripts/lib/reading-state-orthanc';
import { readingService } from '../../scripts/lib/reading-state-service';

/** A PACS without revision checks (Orthanc's default) that yields between every call. */
function lenientStore(): ReadingStore {
  const texts = new Map<string, string>();
  const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));
  return {
    studyId: (uid) => later(uid === 'missing' ? null : `id-${uid}`),
    read: (id) => later({ text: texts.get(id) ?? null, etag: null }),
    write: (id, text) => later(texts.set(id, text) && true),
    lastChange: () => later(0),
    changedStudies: () => later({ ids: [], last: 0, done: true }),
    allStudies: () => later(new Map([...texts.keys()].map((id) => [id, id.slice(3)]))),
    studyUID: (id) => later(id.slice(3)),
  };
}

describe('readingService', () => {
  it('within one server, concurrent claims on a study run one after another: one winner', async () => {
    const service = readingService(lenientStore());
    const replies = await Promise.all(['alice', 'bob', 'carol'].map((user) => service.act('1.2', 'claim', user)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('claims on different studies do not wait for each other to succeed', async () => {
    const service = readingService(lenientStore());
    const replies = await Promise.all([service.act('1.2', 'claim', 'alice'), service.act('1.3', 'claim', 'bob')]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(Object.keys((await service.list(null)).states).sort()).toEqual(['1.2', '1.3']);
  });

  it('answers 404 for a study the PACS does not have', async () => {
    expect((await readingService(lenientStore()).act('missing', 'claim', 'alice')).status).toBe(404);
  });
});
