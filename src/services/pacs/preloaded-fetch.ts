/**
 * The study a /study/ page opens is asked for by the page's inline script (tools/vite/viewer-preload-plugin.ts)
 * while the bundle still downloads; the PACS client takes those answers here instead of asking again.
 */

/** Where the inline script leaves its requests: same-origin path → the fetch under way. */
export const PRELOAD_GLOBAL = '__dokueiStudyPreload';

/** The study requests worth starting before the app runs: series list and whole-study metadata (load-series.ts). */
export const PRELOADED_STUDY_PATHS = ['/dicom-web/studies/{uid}/series', '/dicom-web/studies/{uid}/metadata'] as const;

type Preloaded = Record<string, Promise<Response> | undefined>;

/** The preloaded answer for `url`, once; a failed or refused one (say, before sign-in) is asked for again. */
export function preloadingFetch(fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  return (input, init) => {
    const store = (globalThis as unknown as Record<string, Preloaded | undefined>)[PRELOAD_GLOBAL];
    const preloaded = typeof input === 'string' && (init?.method ?? 'GET') === 'GET' ? store?.[input] : undefined;
    if (!store || !preloaded) return fetchFn(input, init);
    delete store[input as string];
    return preloaded.then(
      (response) => (response.ok ? response : fetchFn(input, init)),
      () => fetchFn(input, init),
    );
  };
}
