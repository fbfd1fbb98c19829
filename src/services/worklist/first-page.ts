/**
 * The worklist's first request: the first page of the store's initial view (default sort, no filters),
 * whose answer also says whether the server keeps the index (404: no database). The page's inline script
 * (tools/vite/viewer-preload-plugin.ts) sends this very URL while the bundle still downloads, in a browser
 * that had a session; the index client takes that answer (src/services/pacs/preloaded-fetch.ts).
 */
import { EMPTY_FILTERS, type WorklistFilters } from '../../domain/study/filter';
import { DEFAULT_SORT, type SortState } from '../../domain/study/sort';
import { type IndexClient, IndexHttpError, type IndexPage, type IndexQuery, WORKLIST_ROOT, worklistSearchParams } from './index-client';
import { DEFAULT_PAGE_SIZE } from './index-pager';
import { indexQueryOf } from './index-row';

export interface WorklistView {
  sort: SortState;
  filters: WorklistFilters;
  flaggedOnly: boolean;
}

/** What the worklist shows before the reader changes anything. */
export const INITIAL_VIEW: WorklistView = { sort: DEFAULT_SORT, filters: EMPTY_FILTERS, flaggedOnly: false };

export const FIRST_PAGE_QUERY: IndexQuery = indexQueryOf(INITIAL_VIEW.sort, INITIAL_VIEW.filters, INITIAL_VIEW.flaggedOnly);

/** The URL the index client builds for the first page of FIRST_PAGE_QUERY. */
export const FIRST_PAGE_URL = `${WORKLIST_ROOT}?${worklistSearchParams(FIRST_PAGE_QUERY, { limit: DEFAULT_PAGE_SIZE })}`;

/** The first page of the initial view, or null when the server has no database (404: walk the PACS). */
export async function fetchFirstPage(client: Pick<IndexClient, 'fetchPage'>, signal?: AbortSignal): Promise<IndexPage | null> {
  try {
    return await client.fetchPage(FIRST_PAGE_QUERY, { limit: DEFAULT_PAGE_SIZE, signal });
  } catch (error) {
    if (error instanceof IndexHttpError && error.status === 404) return null;
    throw error;
  }
}

/** Performance mark set when the first page's rows are in the store (read by tools/bench/worklist-scale.ts). */
export const FIRST_ROWS_IN_STORE_MARK = 'dokuei:worklist-first-rows-in-store';

/** Whether `query` is the one the first page answered. */
export const isInitialQuery = (query: IndexQuery) => JSON.stringify(query) === JSON.stringify(FIRST_PAGE_QUERY);
