/**
 * Typed client for the Dokuei server's worklist index (server/worklist/README.md):
 * `GET /api/worklist` (server-sorted, server-filtered keyset pages) and `GET /api/worklist/events`
 * (SSE, `event: worklist`, data `{studyUid}`, '*' = refetch everything; one stream per page: ./index-events). Same-origin: the session
 * cookie goes along by itself. Framework-free.
 */
import { BACKGROUND } from '../pacs/client';
import { preloadingFetch } from '../pacs/preloaded-fetch';
import type { IndexRow } from '../../domain/study/index-row';

export interface IndexPage {
  rows: IndexRow[];
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}

/** The server's sort columns (server/worklist/sort-keys.ts SORT_COLUMNS). */
export type IndexSortColumn =
  | 'urgency'
  | 'level'
  | 'score'
  | 'patientName'
  | 'patientId'
  | 'patientSex'
  | 'patientBirthDate'
  | 'accession'
  | 'studyDateTime'
  | 'modality'
  | 'bodyPart'
  | 'description'
  | 'priority'
  | 'aiStatus'
  | 'aiSummary'
  | 'flagged'
  | 'readingState'
  | 'claimedBy'
  | 'arrivedAt'
  | 'updatedAt';

export interface IndexQuery {
  sort: IndexSortColumn;
  dir: 'asc' | 'desc';
  q?: string;
  modality?: string[];
  priority?: string[];
  level?: string[];
  status?: string[];
  ai?: string[];
  flagged?: boolean;
}

export const WORKLIST_ROOT = '/api/worklist';

/** The index answered with an error status (404 = this server has no database). */
export class IndexHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'IndexHttpError';
  }
}

/** The Dokuei server did not answer at all (down, network). */
export class IndexUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexUnreachableError';
  }
}

export function worklistSearchParams(query: IndexQuery, page: { cursor?: string | null; limit?: number } = {}): URLSearchParams {
  const params = new URLSearchParams({ sort: query.sort, dir: query.dir });
  if (page.cursor) params.set('cursor', page.cursor);
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (query.q?.trim()) params.set('q', query.q.trim());
  for (const key of ['modality', 'priority', 'level', 'status', 'ai'] as const) {
    const values = query[key];
    if (values && values.length > 0) params.set(key, values.join(','));
  }
  if (query.flagged) params.set('flagged', 'true');
  return params;
}

export interface IndexClientOptions {
  root?: string;
  fetch?: typeof fetch;
  /** Called on a 401: the server no longer knows the reader's session. */
  onUnauthorized?: () => void;
}

export interface PageRequest {
  cursor?: string | null;
  limit?: number;
  signal?: AbortSignal;
  /** A refetch the reader did not ask for (SSE, polling): not counted as the reader's activity. */
  background?: boolean;
}

export function createIndexClient(options: IndexClientOptions = {}) {
  const root = (options.root ?? WORKLIST_ROOT).replace(/\/+$/, '');
  // The first page may have been asked for by the page's inline script (./first-page).
  const fetchFn = options.fetch ?? preloadingFetch();

  async function get(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchFn(url, {
        credentials: 'same-origin',
        ...init,
        headers: { Accept: 'application/json', ...(init.headers as Record<string, string>) },
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new IndexUnreachableError(`Dokuei server unreachable (${url}): ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status === 401) options.onUnauthorized?.();
    return response;
  }

  async function fetchPage(query: IndexQuery, request: PageRequest = {}): Promise<IndexPage> {
    const url = `${root}?${worklistSearchParams(query, request)}`;
    const response = await get(url, { signal: request.signal, headers: request.background ? { ...BACKGROUND } : {} });
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      let reason = text.slice(0, 200);
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? reason;
      } catch {
        // not JSON: keep the text
      }
      throw new IndexHttpError(response.status, `worklist index: HTTP ${response.status}${reason ? ` (${reason})` : ''}`);
    }
    let page: IndexPage;
    try {
      page = JSON.parse(text) as IndexPage;
    } catch {
      throw new IndexHttpError(response.status, 'worklist index: the answer is not JSON');
    }
    if (!Array.isArray(page?.rows)) throw new IndexHttpError(response.status, 'worklist index: the answer has no rows');
    return page;
  }

  return { fetchPage };
}

export type IndexClient = ReturnType<typeof createIndexClient>;

export interface EventCallbacks {
  /** A study changed ('*' = anything may have: refetch). */
  onChange(studyUid: string): void;
  onOpen?(): void;
  onError?(): void;
}

const MAX_EVENTS_RETRY_MS = 30_000;

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'> & { onopen: unknown; onerror: unknown };

/**
 * Follows the SSE stream. EventSource reconnects by itself after a dropped connection; when the
 * browser gives up (an HTTP error answer closes it for good), a new one is opened after a delay that
 * doubles with each failure in a row (from `retryMs`, at most 30 s). After every reconnection
 * `onChange('*')`: what changed meanwhile was not heard.
 */
export function openWorklistEvents(
  url: string,
  callbacks: EventCallbacks,
  createSource: (url: string) => EventSourceLike = (u) => new EventSource(u, { withCredentials: true }),
  retryMs = 3000,
): () => void {
  let source: EventSourceLike | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let opened = false;
  let failures = 0;

  const connect = () => {
    if (stopped) return;
    const current = createSource(url);
    source = current;
    current.onopen = () => {
      if (opened) callbacks.onChange('*');
      opened = true;
      failures = 0;
      callbacks.onOpen?.();
    };
    current.onerror = () => {
      callbacks.onError?.();
      if (current.readyState === 2 /* CLOSED */ && !stopped) {
        current.close();
        timer = setTimeout(connect, Math.min(MAX_EVENTS_RETRY_MS, retryMs * 2 ** failures++));
      }
    };
    current.addEventListener('worklist', (event) => {
      let uid = '*';
      try {
        uid = (JSON.parse((event as MessageEvent<string>).data) as { studyUid?: string }).studyUid ?? '*';
      } catch {
        // unreadable: refetch everything
      }
      callbacks.onChange(uid);
    });
  };
  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
  };
}
