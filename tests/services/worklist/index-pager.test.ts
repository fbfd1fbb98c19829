import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IndexPage, IndexQuery, PageRequest } from '../../../src/services/worklist/index-client';
import type { IndexRow } from '../../../src/domain/study/index-row';
import { createIndexPager, type PagerReason, type PagerSnapshot } from '../../../src/services/worklist/index-pager';
import { indexRow } from './fixtures';

/** A fake index: `uids` in order, keyset cursor = last uid. */
function fakeIndex(uids: string[]) {
  const calls: { query: IndexQuery; request: PageRequest }[] = [];
  const fetchPage = async (query: IndexQuery, request: PageRequest): Promise<IndexPage> => {
    calls.push({ query, request });
    const start = request.cursor ? uids.indexOf(request.cursor) + 1 : 0;
    const slice = uids.slice(start, start + (request.limit ?? 50));
    const more = start + slice.length < uids.length;
    return { rows: slice.map((studyUid) => indexRow({ studyUid })), nextCursor: more ? slice.at(-1)! : null, total: uids.length, totalExact: true };
  };
  return { calls, fetchPage };
}

const uidsOf = (snapshot: PagerSnapshot) => snapshot.rows.map((row: IndexRow) => row.studyUid);
const range = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

afterEach(() => vi.useRealTimers());

describe('index pager', () => {
  it('loads the first page, then more pages by cursor', async () => {
    const index = fakeIndex(range(25));
    const seen: [string[], PagerReason][] = [];
    const pager = createIndexPager({ fetchPage: index.fetchPage, pageSize: 10 }, { onRows: (s, r) => seen.push([uidsOf(s), r]), onError: () => {} });
    await pager.setQuery({ sort: 'urgency', dir: 'asc' });
    expect(seen.at(-1)).toEqual([range(10), 'query']);
    await pager.loadMore();
    await pager.loadMore();
    expect(seen.at(-1)).toEqual([range(25), 'more']);
    await pager.loadMore(); // no cursor left: nothing asked
    expect(index.calls.map((c) => c.request.cursor ?? null)).toEqual([null, 's009', 's019']);
  });

  it('refetches the whole loaded range, in the background, debounced', async () => {
    vi.useFakeTimers();
    const uids = range(25);
    const index = fakeIndex(uids);
    const seen: [string[], PagerReason][] = [];
    const pager = createIndexPager(
      { fetchPage: index.fetchPage, pageSize: 10, debounceMs: 250 },
      { onRows: (s, r) => seen.push([uidsOf(s), r]), onError: () => {} },
    );
    await pager.setQuery({ sort: 'urgency', dir: 'asc' });
    await pager.loadMore();
    uids.unshift('new');
    index.calls.length = 0;
    pager.refetchSoon();
    pager.refetchSoon();
    pager.refetchSoon();
    await vi.advanceTimersByTimeAsync(300);
    expect(index.calls).toHaveLength(1);
    expect(index.calls[0].request).toMatchObject({ cursor: null, limit: 20, background: true });
    expect(seen.at(-1)).toEqual([['new', ...range(19)], 'refetch']);
  });

  it('drops an answer for a query that was replaced', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const pager = createIndexPager(
      {
        fetchPage: async (query) => {
          if (query.sort === 'urgency') await slow;
          return { rows: [indexRow({ studyUid: query.sort })], nextCursor: null, total: 1, totalExact: true };
        },
      },
      { onRows: (s) => seen.push(uidsOf(s)[0]), onError: () => {} },
    );
    const first = pager.setQuery({ sort: 'urgency', dir: 'asc' });
    await pager.setQuery({ sort: 'patientName', dir: 'asc' });
    release();
    await first;
    expect(seen).toEqual(['patientName']);
  });

  it('reports failures', async () => {
    const onError = vi.fn();
    const pager = createIndexPager({ fetchPage: async () => Promise.reject(new Error('down')) }, { onRows: () => {}, onError });
    await pager.setQuery({ sort: 'urgency', dir: 'asc' });
    expect(onError).toHaveBeenCalledWith(new Error('down'));
  });
});
