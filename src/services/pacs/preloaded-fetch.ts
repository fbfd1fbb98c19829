/**
 * The study a /study/ page opens, and the worklist's first page on `/` (src/services/worklist/first-page.ts),
 * are asked for by the page's inline script (tools/vite/viewer-preload-plugin.ts) while the bundle still
 * downloads; the PACS and index clients take those answers here instead of asking again.
 */
import type { DicomJson } from '../../domain/dicom/dicom-json';

/** Where the inline script leaves its requests: same-origin path (with its query) → the fetch under way. */
export const PRELOAD_GLOBAL = '__dokueiStudyPreload';

/** The study requests worth starting before the app runs: series list and whole-study metadata (load-series.ts). */
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
 * The preloaded series list and metadata of the study, read as JSON while the app still gets its own
 * copy of each answer (preloadingFetch); null when they were not preloaded; rejects when either failed.
 */
export function readPreloadedStudy(studyInstanceUid: string): Promise<{ series: DicomJson[]; metadata: DicomJson[] }> | null {
  const store = preloadStore();
  const [seriesUrl, metadataUrl] = PRELOADED_STUDY_PATHS.map((path) => path.replace('{uid}', studyInstanceUid));
  const answers = [seriesUrl, metadataUrl].map((url) => {
    const preloaded = store?.[url];
    if (!store || !preloaded) return null;
    // The copy is made before anyone reads the body: the clone's callback is registered first.
    const copy = preloaded.then((response) => response.clone());
    copy.catch(() => undefined); // the app's to see, if it asks
    store[url] = copy;
    return preloaded.then(async (response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      const text = await response.text();
      return (text.trim() ? JSON.parse(text) : []) as DicomJson[];
    });
  });
  if (answers.some((answer) => answer === null)) return null;
  return Promise.all(answers as Promise<DicomJson[]>[]).then(([series, metadata]) => ({ series, metadata }));
}
