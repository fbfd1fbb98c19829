import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRELOAD_GLOBAL, preloadingFetch, takePreloadedFirstRendered } from '../../../src/services/pacs/preloaded-fetch';
import { SIGNED_IN_HINT_KEY } from '../../../src/services/session/signed-in-hint';
import { preloadScript, viewerPreloadPlugin } from '../../../tools/vite/viewer-preload-plugin';
import { FIRST_PAGE_URL } from '../../../src/services/worklist/first-page';
import { SESSION_API } from '../../../src/services/session/session-api';

const SERIES = '/dicom-web/studies/1.2.3/series';
const METADATA = '/dicom-web/studies/1.2.3/metadata';
const FIRST_RENDERED_PATH = '/dicom-web/studies/1.2.3/first-rendered';
const globals = globalThis as unknown as Record<string, unknown>;

/** Runs the page's inline script at `path`; returns what it fetched, preloaded and left for the app. */
function runPreloadScript(path: string, hadSession = true) {
  const fetched: { url: string; init: RequestInit }[] = [];
  const appended: Record<string, string>[] = [];
  const window: Record<string, unknown> = {};
  runInNewContext(preloadScript(['/assets/StudyPage.js'], ['/assets/study-imaging.js'], '/assets/first-paint-shell.js'), {
    window,
    innerWidth: 1280,
    innerHeight: 899.5,
    location: { pathname: path },
    localStorage: { getItem: (key: string) => (hadSession && key === SIGNED_IN_HINT_KEY ? '1' : null) },
    fetch: (url: string, init: RequestInit) => {
      fetched.push({ url, init });
      return Promise.reject(new Error('offline'));
    },
    document: { head: { append: (element: Record<string, string>) => appended.push(element) }, createElement: () => ({}) },
  });
  return { fetched, appended, preloaded: window[PRELOAD_GLOBAL] as Record<string, Promise<Response>> | undefined };
}

describe('the page script', () => {
  it("starts the shell's first paint at the window's whole device pixels, then the study's series list and metadata, then preloads the light viewer chunks on a /study/ page", () => {
    const { fetched, appended, preloaded } = runPreloadScript('/study/1.2.3');
    expect(appended).toEqual([
      { type: 'module', src: '/assets/first-paint-shell.js' },
      { rel: 'modulepreload', href: '/assets/StudyPage.js' },
    ]);
    expect(fetched.map((f) => f.url)).toEqual([`${FIRST_RENDERED_PATH}?viewport=1280,900`, SERIES, METADATA]);
    expect(fetched[0].init).toEqual({ headers: { Accept: 'image/jpeg' }, credentials: 'same-origin' });
    expect(fetched[1].init).toEqual({ headers: { Accept: 'application/dicom+json' }, credentials: 'same-origin' });
    expect(Object.keys(preloaded ?? {})).toEqual([FIRST_RENDERED_PATH, SERIES, METADATA]);
  });

  it('a browser that never signed in asks for no study data and paints nothing early (the chunks are still preloaded, all of them)', () => {
    const { fetched, appended, preloaded } = runPreloadScript('/study/1.2.3', false);
    expect(appended).toEqual([
      { rel: 'modulepreload', href: '/assets/StudyPage.js' },
      { rel: 'modulepreload', href: '/assets/study-imaging.js' },
    ]);
    expect(fetched).toEqual([]);
    expect(preloaded).toBeUndefined();
  });

  it("asks for the session and the worklist's first page on / (the app takes them), only in a browser that had a session", () => {
    const { fetched, appended, preloaded } = runPreloadScript('/');
    const init = { headers: { Accept: 'application/json' }, credentials: 'same-origin' };
    expect(fetched).toEqual([
      { url: SESSION_API.session, init },
      { url: FIRST_PAGE_URL, init },
    ]);
    expect(Object.keys(preloaded ?? {})).toEqual([SESSION_API.session, FIRST_PAGE_URL]);
    expect(appended).toEqual([]);
    expect(runPreloadScript('/', false).fetched).toEqual([]);
  });

  it.each(['/monitoring', '/study/1.2.3/x', '/study/abc', `/study/1.${'2'.repeat(64)}`])('asks for no study data on %s', (path) => {
    const { fetched, appended, preloaded } = runPreloadScript(path);
    expect(fetched).toEqual([]);
    expect(appended.filter((element) => element.type === 'module')).toEqual([]);
    expect(preloaded).toBeUndefined();
  });
});

describe('preloadingFetch', () => {
  afterEach(() => {
    delete globals[PRELOAD_GLOBAL];
  });

  const network = () => vi.fn(async (input: RequestInfo | URL) => new Response(`network ${String(input)}`));

  it('answers a preloaded request once with the preloaded response', async () => {
    globals[PRELOAD_GLOBAL] = { [SERIES]: Promise.resolve(new Response('preloaded')) };
    const fetchFn = network();
    const fetch = preloadingFetch(fetchFn);
    expect(await (await fetch(SERIES, { headers: { Accept: 'application/dicom+json' } })).text()).toBe('preloaded');
    expect(await (await fetch(SERIES)).text()).toBe(`network ${SERIES}`);
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['refused (no session yet)', () => Promise.resolve(new Response('', { status: 401 }))],
    ['failed', () => Promise.reject(new Error('offline'))],
  ])('asks the network again when the preloaded request was %s', async (_, preloaded) => {
    globals[PRELOAD_GLOBAL] = { [METADATA]: preloaded() };
    const fetchFn = network();
    expect(await (await preloadingFetch(fetchFn)(METADATA)).text()).toBe(`network ${METADATA}`);
  });

  it('leaves other requests and methods to the network', async () => {
    globals[PRELOAD_GLOBAL] = { [SERIES]: Promise.resolve(new Response('preloaded')) };
    const fetchFn = network();
    const fetch = preloadingFetch(fetchFn);
    await fetch(METADATA);
    await fetch(SERIES, { method: 'HEAD' });
    expect(fetchFn).toHaveBeenCalledTimes(2);
    expect(Object.keys(globals[PRELOAD_GLOBAL] as object)).toEqual([SERIES]);
  });
});

describe('takePreloadedFirstRendered', () => {
  afterEach(() => {
    delete globals[PRELOAD_GLOBAL];
  });

  it("hands the study's first paint to the shell once, and nothing for another study or without a preload", async () => {
    const answer = Promise.resolve(new Response('jpeg'));
    globals[PRELOAD_GLOBAL] = { [FIRST_RENDERED_PATH]: answer, [SERIES]: Promise.resolve(new Response('[]')) };
    expect(takePreloadedFirstRendered('9.9')).toBeNull();
    expect(await takePreloadedFirstRendered('1.2.3')).toBe(await answer);
    expect(takePreloadedFirstRendered('1.2.3')).toBeNull();
    expect(Object.keys(globals[PRELOAD_GLOBAL] as object)).toEqual([SERIES]);
    delete globals[PRELOAD_GLOBAL];
    expect(takePreloadedFirstRendered('1.2.3')).toBeNull();
  });
});

describe('the plugin', () => {
  const chunk = (fileName: string, facadeModuleId: string | null, imports: string[]) => ({ type: 'chunk', fileName, facadeModuleId, imports });
  type Tag = { children?: string; attrs?: { rel: string; href: string }; injectTo: string };
  type Handler = (html: string, context: { bundle: Record<string, unknown> }) => Tag[];

  it('preloads the shell and its imports first, in <head>; then from the script the light study page and apart the Cornerstone half, each with its imports, each file once', () => {
    const bundle = {
      a: chunk('assets/index.js', '/repo/index.html', []),
      s: chunk('assets/first-paint-shell.js', '/repo/src/app/first-paint-shell.ts', ['assets/rendered-preview.js']),
      b: chunk('assets/study-imaging.js', '/repo/src/app/pages/study-imaging.ts', [
        'assets/StudyPage.js',
        'assets/jsx.js',
        'assets/setup.js',
        'assets/rendered-preview.js',
      ]),
      c: chunk('assets/StudyPage.js', '/repo/src/app/pages/StudyPage.tsx', ['assets/jsx.js', 'assets/rendered-preview.js']),
      d: chunk('assets/start-app.js', '/repo/src/app/start-app.tsx', ['assets/jsx.js', 'assets/rendered-preview.js']),
    };
    const { handler } = viewerPreloadPlugin().transformIndexHtml as unknown as { handler: Handler };
    const tags = handler('', { bundle });
    const expected = preloadScript(
      ['/assets/StudyPage.js', '/assets/jsx.js'],
      ['/assets/study-imaging.js', '/assets/setup.js'],
      '/assets/first-paint-shell.js',
    );
    expect(tags[0]).toMatchObject({ children: expected, injectTo: 'head-prepend' });
    expect(tags.slice(1).map((tag) => [tag.attrs?.href, tag.injectTo])).toEqual([
      ['/assets/first-paint-shell.js', 'head-prepend'],
      ['/assets/rendered-preview.js', 'head-prepend'],
      ['/assets/start-app.js', 'head'],
      ['/assets/jsx.js', 'head'],
    ]);
  });
});
