import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIndexClient, openWorklistEvents, worklistSearchParams } from '../../../src/services/worklist/index-client';
import { fetchFirstPage, FIRST_PAGE_URL } from '../../../src/services/worklist/first-page';

afterEach(() => vi.useRealTimers());

describe('index client', () => {
  it('builds the query string the server reads', () => {
    const params = worklistSearchParams(
      { sort: 'patientName', dir: 'desc', q: 'doe', modality: ['CR', 'DX'], level: ['critical', 'urgent'], flagged: true },
      { cursor: 'c1', limit: 50 },
    );
    expect(params.toString()).toBe('sort=patientName&dir=desc&cursor=c1&limit=50&q=doe&modality=CR%2CDX&level=critical%2Curgent&flagged=true');
  });

  it('reads the first page of the initial view from its one URL: 404 = no database, else an error', async () => {
    const urls: string[] = [];
    const answer = (status: number, body = '{"rows":[],"nextCursor":null,"total":0,"totalExact":true}') =>
      createIndexClient({ fetch: async (url) => (urls.push(String(url)), new Response(body, { status })) });
    expect(await fetchFirstPage(answer(200))).toEqual({ rows: [], nextCursor: null, total: 0, totalExact: true });
    expect(urls).toEqual([FIRST_PAGE_URL]);
    expect(FIRST_PAGE_URL).toBe('/api/worklist?sort=urgency&dir=asc&limit=100');
    expect(await fetchFirstPage(answer(404, ''))).toBeNull();
    await expect(fetchFirstPage(answer(500, ''))).rejects.toThrow(/HTTP 500/);
    await expect(fetchFirstPage(createIndexClient({ fetch: async () => Promise.reject(new TypeError('fetch failed')) }))).rejects.toThrow(/unreachable/);
  });

  it('marks background refetches and reads the server error', async () => {
    const requests: RequestInit[] = [];
    const client = createIndexClient({
      fetch: async (_url, init) => {
        requests.push(init!);
        return new Response(JSON.stringify({ error: 'invalid cursor' }), { status: 400 });
      },
    });
    await expect(client.fetchPage({ sort: 'urgency', dir: 'asc' }, { background: true })).rejects.toThrow('invalid cursor');
    expect(requests[0].headers).toMatchObject({ 'X-Dokuei-Activity': 'background' });
  });

  it('follows the event stream and reopens it when the browser gives up', () => {
    vi.useFakeTimers();
    const sources: {
      listeners: Record<string, (e: unknown) => void>;
      onopen: (() => void) | null;
      onerror: (() => void) | null;
      readyState: number;
      close(): void;
    }[] = [];
    const create = () => {
      const source = {
        listeners: {} as Record<string, (e: unknown) => void>,
        onopen: null,
        onerror: null,
        readyState: 1,
        close: vi.fn(),
        addEventListener: (type: string, fn: (e: unknown) => void) => (source.listeners[type] = fn),
      };
      sources.push(source);
      return source as never;
    };
    const changes: string[] = [];
    const stop = openWorklistEvents('/api/worklist/events', { onChange: (uid) => changes.push(uid) }, create, 1000);
    sources[0].onopen?.();
    sources[0].listeners.worklist({ data: '{"studyUid":"1.2"}' });
    sources[0].readyState = 2;
    sources[0].onerror?.();
    vi.advanceTimersByTime(1000);
    expect(sources).toHaveLength(2);
    sources[1].onopen?.(); // reconnected: what changed meanwhile was not heard
    expect(changes).toEqual(['1.2', '*']);
    // Failures in a row wait longer each time; an open stream starts the count again.
    for (const [i, wait] of [
      [1, 1000],
      [2, 2000],
    ] as const) {
      sources[i].readyState = 2;
      sources[i].onerror?.();
      vi.advanceTimersByTime(wait - 1);
      expect(sources).toHaveLength(i + 1);
      vi.advanceTimersByTime(1);
      expect(sources).toHaveLength(i + 2);
    }
    stop();
  });
});
