/**
 * The loaded range of the index-backed worklist: the first page of a query, more pages as the reader
 * scrolls (keyset `nextCursor`), and a debounced refetch of the whole loaded range when the server
 * says something changed (SSE). Answers for an older query are dropped. Framework-free.
 */
import type { IndexPage, IndexQuery, PageRequest } from './index-client';
import type { IndexRow } from '../../domain/study/index-row';

export type PagerReason = 'query' | 'more' | 'refetch';

export interface PagerSnapshot {
  rows: IndexRow[];
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}

export interface PagerCallbacks {
  onRows(snapshot: PagerSnapshot, reason: PagerReason): void;
  onError(error: unknown): void;
}

export interface PagerOptions {
  fetchPage(query: IndexQuery, request: PageRequest): Promise<IndexPage>;
  pageSize?: number;
  /** Largest page the server gives (server/worklist/query.ts MAX_LIMIT). */
  maxPageSize?: number;
  debounceMs?: number;
}

export interface IndexPager {
  /** Reads the query's first page, or shows `firstPage` when its answer is already there. */
  setQuery(query: IndexQuery, firstPage?: IndexPage): Promise<void>;
  loadMore(): Promise<void>;
  /** Refetch the loaded range after `debounceMs` (several calls in between: one refetch). */
  refetchSoon(): void;
  refetch(): Promise<void>;
  readonly query: IndexQuery | null;
  readonly loadedCount: number;
  stop(): void;
}

/** Rows of the first page (and of each page loaded on scroll) unless the caller says otherwise. */
export const DEFAULT_PAGE_SIZE = 100;

export function createIndexPager(options: PagerOptions, callbacks: PagerCallbacks): IndexPager {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPageSize = options.maxPageSize ?? 500;
  const debounceMs = options.debounceMs ?? 250;
  let query: IndexQuery | null = null;
  let generation = 0;
  let snapshot: PagerSnapshot = { rows: [], nextCursor: null, total: 0, totalExact: true };
  let loadingMore: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let refetching: Promise<void> | null = null;
  let refetchAgain = false;
  let abort = new AbortController();

  const publish = (next: PagerSnapshot, reason: PagerReason) => {
    snapshot = next;
    callbacks.onRows(next, reason);
  };

  const appendUnique = (rows: IndexRow[], more: IndexRow[]) => {
    const seen = new Set(rows.map((row) => row.studyUid));
    return [...rows, ...more.filter((row) => !seen.has(row.studyUid))];
  };

  /** Pages from the start until `count` rows (or the end). */
  const readRange = async (q: IndexQuery, count: number, background: boolean, signal: AbortSignal): Promise<PagerSnapshot> => {
    let rows: IndexRow[] = [];
    let cursor: string | null = null;
    let page: IndexPage;
    do {
      const limit = Math.min(maxPageSize, Math.max(pageSize, count - rows.length));
      page = await options.fetchPage(q, { cursor, limit, background, signal });
      rows = appendUnique(rows, page.rows);
      cursor = page.nextCursor;
    } while (cursor && rows.length < count);
    return { rows, nextCursor: cursor, total: page.total, totalExact: page.totalExact };
  };

  const pager: IndexPager = {
    get query() {
      return query;
    },
    get loadedCount() {
      return snapshot.rows.length;
    },

    async setQuery(next, firstPage) {
      query = next;
      const mine = ++generation;
      abort.abort();
      abort = new AbortController();
      loadingMore = null;
      try {
        const result = firstPage ?? (await readRange(next, pageSize, false, abort.signal));
        if (mine === generation) publish(result, 'query');
      } catch (error) {
        if (mine === generation && !abort.signal.aborted) callbacks.onError(error);
      }
    },

    loadMore() {
      if (!query || !snapshot.nextCursor) return Promise.resolve();
      if (loadingMore) return loadingMore;
      const mine = generation;
      const q = query;
      const signal = abort.signal;
      const from = snapshot;
      loadingMore = (async () => {
        try {
          const page = await options.fetchPage(q, { cursor: from.nextCursor, limit: pageSize, signal });
          if (mine !== generation || snapshot !== from) return; // a refetch replaced the range meanwhile
          publish({ rows: appendUnique(from.rows, page.rows), nextCursor: page.nextCursor, total: page.total, totalExact: page.totalExact }, 'more');
        } catch (error) {
          if (mine === generation && !signal.aborted) callbacks.onError(error);
        } finally {
          if (mine === generation) loadingMore = null;
        }
      })();
      return loadingMore;
    },

    refetchSoon() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        void pager.refetch();
      }, debounceMs);
    },

    refetch() {
      if (refetching) {
        refetchAgain = true;
        return refetching;
      }
      if (!query) return Promise.resolve();
      refetching = (async () => {
        do {
          refetchAgain = false;
          const mine = generation;
          const q = query!;
          const signal = abort.signal;
          try {
            const result = await readRange(q, Math.max(pageSize, snapshot.rows.length), true, signal);
            if (mine === generation) publish(result, 'refetch');
          } catch (error) {
            if (mine === generation && !signal.aborted) callbacks.onError(error);
          }
        } while (refetchAgain && query);
        refetching = null;
      })();
      return refetching;
    },

    stop() {
      generation++;
      abort.abort();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  return pager;
}
