/**
 * On `/` the inline script asks for the session and the worklist's first page (src/services/worklist/first-page.ts)
 * as the HTML is parsed, in a browser that had a session: the app finds both answered once its bundle has run. The viewer is two lazy chunks: the light study page (src/app/App.tsx) and its Cornerstone half
 * (src/app/pages/study-imaging.ts). Opened by a /study/ link, their downloads would start only after
 * the worklist chunk has run, and the second only after the first. This inline script asks for them
 * (and the chunks they import) as the HTML is parsed, light page first, so the downloads overlap (the
 * second only when the page shell does not run, see STUDY_IMAGING); other routes fetch nothing more. In a browser that had a session (src/services/session/signed-in-hint.ts) it also starts the
 * study's first paint (one request: the gateway picks the frame, server/gateway/first-rendered.ts), then its series
 * list and metadata, which the app's PACS client takes over (src/services/pacs/preloaded-fetch.ts), and runs the
 * page shell (src/app/first-paint-shell.ts), which paints that first answer before the app's bundle has run.
 */
import type { Plugin } from 'vite';
import { PRELOAD_GLOBAL, PRELOADED_STUDY_PATHS } from '../../src/services/pacs/preloaded-fetch';
import { SIGNED_IN_HINT_KEY } from '../../src/services/session/signed-in-hint';
import { SESSION_API } from '../../src/services/session/session-api';
import { FIRST_PAGE_URL } from '../../src/services/worklist/first-page';
import { FIRST_RENDERED } from '../../src/domain/viewer/rendered-preview';

/** The light page: it paints the viewer's preview (the shell's first, when it runs). */
const STUDY_PAGE = '/src/app/pages/StudyPage.tsx';
/**
 * The Cornerstone half (4 MB of script): the real pixels. Not preloaded when the shell runs: parsing it
 * would compete with the shell's first paint, and the viewer asks for it once the preview is painted.
 */
const STUDY_IMAGING = '/src/app/pages/study-imaging.ts';

/** The page shell's first paint (an entry of its own, run as soon as it has loaded, before the app's bundle). */
const SHELL_ENTRY = '/src/app/first-paint-shell.ts';
/** The app proper, imported by the small entry (src/app/main.tsx) once the shell allows (src/app/app-gate.ts). */
const APP_CHUNK = '/src/app/start-app.tsx';

/**
 * The page's script: plain JS, run before any module. On `/` it asks for the session and the worklist's
 * first page, which fetchSession and the index client take. A failed request is the app's to
 * retry, not an unhandled rejection. The study's requests and `shell`, the first-paint module that paints the first answer,
 * go out before the preloads (a browser opens 6 connections per origin).
 */
export function preloadScript(files: string[], imagingFiles: string[], shell: string | null): string {
  const preload = (list: string[]) =>
    `for (const href of ${JSON.stringify(list)}) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));`;
  const global = JSON.stringify(PRELOAD_GLOBAL);
  // One block: the script's names stay out of the page's global scope.
  return [
    `{`,
    `let signedIn = false;`,
    `try { signedIn = localStorage.getItem(${JSON.stringify(SIGNED_IN_HINT_KEY)}) === '1'; } catch {}`,
    `const ask = (url, accept) => {`,
    `  const response = fetch(url, { headers: { Accept: accept }, credentials: 'same-origin' });`,
    `  response.catch(() => undefined);`,
    `  return [url, response];`,
    `};`,
    `if (location.pathname === '/' && signedIn) window[${global}] = Object.fromEntries([ask(${JSON.stringify(SESSION_API.session)}, 'application/json'), ask(${JSON.stringify(FIRST_PAGE_URL)}, 'application/json')]);`,
    `if (location.pathname.startsWith('/study/')) {`,
    `  const uid = /^\\/study\\/([0-9.]{1,64})$/.exec(location.pathname)?.[1];`,
    `  const firstPaint = {};`,
    ...(shell
      ? [
          // The shell's first paint goes first: the window in whole device pixels, as src/services/viewer/rendered-preview.ts
          // bounds the viewer's; kept under the path without its query (takePreloadedFirstRendered).
          `  if (uid && signedIn) {`,
          `    const path = ${JSON.stringify(FIRST_RENDERED.path)}.replace('{uid}', uid), scale = window.devicePixelRatio || 1;`,
          `    firstPaint[path] = ask(path + '?viewport=' + Math.round(innerWidth * scale) + ',' + Math.round(innerHeight * scale), 'image/jpeg')[1];`,
          `    document.head.append(Object.assign(document.createElement('script'), { type: 'module', src: ${JSON.stringify(shell)} }));`,
          `  }`,
        ]
      : []),
    `  if (uid && signedIn) window[${global}] = Object.assign(firstPaint, Object.fromEntries(${JSON.stringify(PRELOADED_STUDY_PATHS)}.map((path) => ask(path.replace('{uid}', uid), 'application/dicom+json'))));`,
    ...(shell ? [`  ${preload(files)}`, `  if (!(uid && signedIn)) ${preload(imagingFiles)}`] : [`  ${preload(files)}`, `  ${preload(imagingFiles)}`]),
    `}`,
    `}`,
  ].join('\n');
}

export function viewerPreloadPlugin(): Plugin {
  return {
    name: 'dokuei-viewer-preload',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: SHELL_ENTRY, name: 'first-paint-shell' });
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = Object.values(bundle ?? {});
        const chunkOf = (entry: string) => chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(entry));
        const withImports = (entry: string) => {
          const chunk = chunkOf(entry);
          return chunk?.type === 'chunk' ? [chunk.fileName, ...chunk.imports] : [];
        };
        const page = withImports(STUDY_PAGE);
        if (page.length === 0) return [];
        const shell = chunkOf(SHELL_ENTRY);
        const shellFiles = shell?.type === 'chunk' ? [shell.fileName, ...shell.imports] : [];
        const files = page.filter((file) => !shellFiles.includes(file));
        const imaging = withImports(STUDY_IMAGING).filter((file) => !files.includes(file) && !shellFiles.includes(file));
        const script = preloadScript(
          files.map((file) => `/${file}`),
          imaging.map((file) => `/${file}`),
          shell ? `/${shell.fileName}` : null,
        );
        const app = chunkOf(APP_CHUNK);
        const appFiles = app?.type === 'chunk' ? [app.fileName, ...app.imports].filter((file) => !shellFiles.includes(file)) : [];
        const appCss = app?.type === 'chunk' ? [...(app.viteMetadata?.importedCss ?? [])] : [];
        const link =
          (rel: string, injectTo: 'head' | 'head-prepend' = 'head') =>
          (file: string) => ({ tag: 'link', attrs: { rel, crossorigin: true, href: `/${file}` }, injectTo });
        return [
          // First in <head>: an inline script after a stylesheet would wait for that stylesheet.
          { tag: 'script', children: script, injectTo: 'head-prepend' },
          // Next, on every page, the shell's few small chunks, found by the preload scanner before the
          // app's (6 connections per origin): on a /study/ page they are ready when the first paint's
          // answer comes, and the app waits for them anyway; elsewhere they are a few kB not run.
          ...shellFiles.map(link('modulepreload', 'head-prepend')),
          // On every page: the app and its styles download beside the entry, which runs the app when it may.
          ...appFiles.map(link('modulepreload')),
          ...appCss.map(link('stylesheet')),
        ];
      },
    },
  };
}
