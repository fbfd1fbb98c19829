/**
 * The study a /study/ page opens, and the worklist's first page on `/` (src/services/worklist/first-page.ts),
 * are asked for by the page's inline script (tools/vite/viewer-preload-plugin.ts) while the bundle still
 * downloads; the PACS and index clients take those answers here instead of asking again.
 */
import { FIRST_RENDERED } from '../../domain/viewer/rendered-preview';

/** Where the inline script leaves its requests: same-origin path (with its query) → the fetch under way. */
export const PRELOAD_GLOBAL = '__dokueiStudyPreload';

/** The study requests worth starting before the app runs: series list and whole-study metadata (load-series.ts); the first paint (FIRST_RENDERED) besides. */
export const PRELOADED_STUDY_PATHS = ['/dicom-web/studies/{uid}/series', '/dicom-web/studies/{uid}/metadata'] as const;

type Preloaded = Record<string, Promise<Response> | undefined>;

const preloadStore = () => (globalThis as unknown as Record<string, Preloaded | undefined>)[PRELOAD_GLOBAL];

/** The preloaded answer for `url`, once; a failed or refused one (say, before sign-in) is asked for again. */
export function preloadingFetch(fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init)): typeof fetch {
  return (input, init) => {
    const store = preloadStore();
    const preloaded = typeof input === 'string' && (init?.method ?? 'GET') === 'GET' ? store?.[input] : undefined;
    if (!store || !preloaded) return fetchFn(input, init);
    delete store[input as string];
    return preloaded.then(
      (response) => (response.ok ? response : fetchFn(input, init)),
      () => fetchFn(input, init),
    );
  };
}

/**
 * The study's first paint the inline script asked for (FIRST_RENDERED: its key is the path without the
 * viewport query, which only the script computed), taken once; null when it was not asked for.
 */
export function takePreloadedFirstRendered(studyInstanceUid: string): Promise<Response> | null {
  const store = preloadStore();
  const key = FIRST_RENDERED.path.replace('{uid}', studyInstanceUid);
  const preloaded = store?.[key];
  if (!store || !preloaded) return null;
  delete store[key];
  return preloaded;
}
