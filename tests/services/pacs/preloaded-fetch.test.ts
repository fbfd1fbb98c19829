import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRELOAD_GLOBAL, preloadingFetch, readPreloadedStudy } from '../../../src/services/pacs/preloaded-fetch';
import { SIGNED_IN_HINT_KEY } from '../../../src/services/session/signed-in-hint';
import { preloadScript, viewerPreloadPlugin } from '../../../tools/vite/viewer-preload-plugin';
import { FIRST_PAGE_URL } from '../../../src/services/worklist/first-page';
import { SESSION_API } from '../../../src/services/session/session-api';
import { FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID } from '../../../src/domain/viewer/first-image-hint';
import { previewRequest } from '../../../src/domain/viewer/rendered-preview';
import { SCREEN_COOKIE, screenBound } from '../../../src/domain/viewer/screen-cookie';
import { CR_HINT } from '../../support/first-image-hint';

const SERIES = '/dicom-web/studies/1.2.3/series';
const METADATA = '/dicom-web/studies/1.2.3/metadata';
const globals = globalThis as unknown as Record<string, unknown>;

const HINT = CR_HINT;
const ORIGIN = 'http://reading-room:8080';

/** Runs the page's inline script at `path` (`hint`: the server's JSON block); returns what it fetched, preloaded and left for the app. */
function runPreloadScript(path: string, hadSession = true, hint?: string, carried?: { url: string; base64: string }) {
  const fetched: { url: string; init: RequestInit }[] = [];
  const appended: Record<string, string>[] = [];
  const window: Record<string, unknown> = {};
  const document = {
    cookie: '',
    head: { append: (element: Record<string, string>) => appended.push(element) },
    createElement: () => ({}),
    getElementById: (id: string) => {
      if (id === FIRST_IMAGE_HINT_ID && hint !== undefined) return { textContent: hint };
      return id === FIRST_IMAGE_PREVIEW_ID && carried ? { textContent: carried.base64, dataset: { url: carried.url } } : null;
    },
  };
  runInNewContext(preloadScript(['/assets/StudyPage.js'], ['/assets/study-imaging.js'], '/assets/first-paint-shell.js'), {
    window,
    location: { pathname: path, origin: ORIGIN, protocol: 'http:' },
    innerWidth: 1280,
    innerHeight: 720,
    devicePixelRatio: 2,
    localStorage: { getItem: (key: string) => (hadSession && key === SIGNED_IN_HINT_KEY ? '1' : null) },
    fetch: (url: string, init: RequestInit) => {
      fetched.push({ url, init });
      return Promise.reject(new Error('offline'));
    },
    document,
    atob,
    Response,
    Uint8Array,
  });
  return { fetched, appended, cookie: document.cookie, preloaded: window[PRELOAD_GLOBAL] as Record<string, Promise<Response>> | undefined };
}

describe('the page script', () => {
  it("starts the study's series list and metadata, then the shell's first paint, then preloads the light viewer chunks on a /study/ page", () => {
    const { fetched, appended, preloaded } = runPreloadScript('/study/1.2.3');
    expect(appended).toEqual([
      { type: 'module', src: '/assets/first-paint-shell.js' },
      { rel: 'modulepreload', href: '/assets/StudyPage.js' },
    ]);
    expect(fetched.map((f) => f.url)).toEqual([SERIES, METADATA]);
    expect(fetched[0].init).toEqual({ headers: { Accept: 'application/dicom+json' }, credentials: 'same-origin' });
    expect(Object.keys(preloaded ?? {})).toEqual([SERIES, METADATA]);
  });

  it('asks first for the preview of the first image the server named, exactly as the viewer will ask for it', () => {
    const { fetched, preloaded } = runPreloadScript('/study/1.2.3', true, JSON.stringify(HINT));
    const { url } = previewRequest({ ...HINT, frameUrl: `${ORIGIN}${HINT.frameUrl}` }, { width: 2560, height: 1440 });
    expect(url).toBe(`${ORIGIN}${HINT.frameUrl}/rendered?viewport=1529,1440&quality=90`);
    expect(fetched.map((f) => f.url)).toEqual([url, SERIES, METADATA]);
    expect(fetched[0].init).toEqual({ headers: { Accept: 'image/jpeg' }, credentials: 'same-origin' });
    expect(Object.keys(preloaded ?? {})).toEqual([url, SERIES, METADATA]);
  });

  it('tells the server the screen previews are fitted to, on every page, signed in or not', () => {
    for (const [path, hadSession] of [
      ['/study/1.2.3', true],
      ['/', false],
    ] as const) {
      const { cookie } = runPreloadScript(path, hadSession);
      expect(cookie).toBe(`${SCREEN_COOKIE}=1280x720x2; path=/; SameSite=Strict`);
      expect(screenBound(cookie.split(';')[0].split('=')[1])).toEqual({ width: 2560, height: 1440 });
    }
  });

  it('takes the preview the server put into the page, for the request it would make, without asking', async () => {
    const { url } = previewRequest({ ...HINT, frameUrl: `${ORIGIN}${HINT.frameUrl}` }, { width: 2560, height: 1440 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const carried = { url: url.slice(ORIGIN.length), base64: jpeg.toString('base64') };
    const { fetched, preloaded } = runPreloadScript('/study/1.2.3', true, JSON.stringify(HINT), carried);
    expect(fetched.map((f) => f.url)).toEqual([SERIES, METADATA]);
    const response = await preloaded![url];
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(jpeg);
    // Carried for another screen: asked for as usual.
    const other = runPreloadScript('/study/1.2.3', true, JSON.stringify(HINT), { ...carried, url: carried.url.replace('1529,1440', '956,900') });
    expect(other.fetched.map((f) => f.url)).toEqual([url, SERIES, METADATA]);
  });

  it.each([
    ['names another study', JSON.stringify({ ...HINT, studyUid: '9.9' })],
    ['is not JSON', '{"studyUid":'],
  ])('asks for no preview when the named image %s', (_, hint) => {
    expect(runPreloadScript('/study/1.2.3', true, hint).fetched.map((f) => f.url)).toEqual([SERIES, METADATA]);
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

describe('readPreloadedStudy', () => {
  afterEach(() => {
    delete globals[PRELOAD_GLOBAL];
  });

  const json = (value: unknown) => Promise.resolve(new Response(JSON.stringify(value)));

  it('reads both preloaded answers and leaves the app its own copy of each', async () => {
    globals[PRELOAD_GLOBAL] = { [SERIES]: json([{ a: 1 }]), [METADATA]: json([{ b: 2 }]) };
    expect(await readPreloadedStudy('1.2.3')).toEqual({ series: [{ a: 1 }], metadata: [{ b: 2 }] });
    const fetchFn = vi.fn();
    expect(await (await preloadingFetch(fetchFn)(METADATA)).json()).toEqual([{ b: 2 }]);
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('is null for a study that was not preloaded, and rejects when an answer was refused', async () => {
    globals[PRELOAD_GLOBAL] = { [SERIES]: json([]), [METADATA]: Promise.resolve(new Response('', { status: 401 })) };
    expect(readPreloadedStudy('9.9')).toBeNull();
    await expect(readPreloadedStudy('1.2.3')).rejects.toThrow('HTTP 401');
  });
});

describe('the plugin', () => {
  const chunk = (fileName: string, facadeModuleId: string | null, imports: string[]) => ({ type: 'chunk', fileName, facadeModuleId, imports });
  type Handler = (html: string, context: { bundle: Record<string, unknown> }) => { children: string }[];

  it("preloads the shell's imports and the light study page, and apart the Cornerstone half, each with its imports, each file once", () => {
    const bundle = {
      a: chunk('assets/index.js', '/repo/index.html', []),
      s: chunk('assets/first-paint-shell.js', '/repo/src/app/first-paint-shell.ts', ['assets/rendered-preview.js']),
      b: chunk('assets/study-imaging.js', '/repo/src/app/pages/study-imaging.ts', ['assets/StudyPage.js', 'assets/jsx.js', 'assets/setup.js']),
      c: chunk('assets/StudyPage.js', '/repo/src/app/pages/StudyPage.tsx', ['assets/jsx.js']),
    };
    const { handler } = viewerPreloadPlugin().transformIndexHtml as unknown as { handler: Handler };
    const [tag] = handler('', { bundle });
    const expected = preloadScript(
      ['/assets/rendered-preview.js', '/assets/StudyPage.js', '/assets/jsx.js'],
      ['/assets/study-imaging.js', '/assets/setup.js'],
      '/assets/first-paint-shell.js',
    );
    expect(tag.children).toBe(expected);
  });
});
