/**
 * On `/` the inline script asks for the session and the worklist's first page (src/services/worklist/first-page.ts)
 * as the HTML is parsed, in a browser that had a session: the app finds both answered once its bundle has run. The viewer is two lazy chunks: the light study page (src/app/App.tsx) and its Cornerstone half
 * (src/app/pages/study-imaging.ts). Opened by a /study/ link, their downloads would start only after
 * the worklist chunk has run, and the second only after the first. This inline script asks for them
 * (and the chunks they import) as the HTML is parsed, light page first, so the downloads overlap (the
 * second only when the page shell does not run, see STUDY_IMAGING); other routes fetch nothing more. In a browser that had a session (src/services/session/signed-in-hint.ts) it also starts the
 * study's series list and metadata, which the app's PACS client takes over (src/services/pacs/preloaded-fetch.ts),
 * and runs the page shell's first paint (src/app/first-paint-shell.ts), which paints the study's rendered
 * preview from those answers before the app's bundle has run. When the server named the study's first image in
 * the page (server/static/spa-plugin.ts), that preview is asked for here at once (or taken from the page, when the
 * server put it there), by the viewer's own
 * previewRequest (its source is inlined), and painted here too by the shell's own drawShellPreview (inlined
 * likewise), stretched first by the viewer's own stretchedPreview/previewStretchLut/voiFromHistogram when the
 * first image gets the percentile window.
 */
import type { Plugin } from 'vite';
import { PRELOAD_GLOBAL, PRELOADED_STUDY_PATHS } from '../../src/services/pacs/preloaded-fetch';
import { SIGNED_IN_HINT_KEY } from '../../src/services/session/signed-in-hint';
import { SESSION_API } from '../../src/services/session/session-api';
import { FIRST_PAGE_URL } from '../../src/services/worklist/first-page';
import { bytesOfBase64, FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID } from '../../src/domain/viewer/first-image-hint';
import { previewRequest, previewStretchLut } from '../../src/domain/viewer/rendered-preview';
import { voiFromHistogram } from '../../src/domain/viewer/voi';
import { stretchedPreview } from '../../src/services/viewer/rendered-preview';
import { FIRST_IMAGE_MARKS } from '../../src/domain/viewer/first-image-marks';
import { SCREEN_COOKIE } from '../../src/domain/viewer/screen-cookie';
import { drawShellPreview, SHELL_HANDED_OVER, SHELL_PREVIEW_ID } from '../../src/ui/viewer/shell-preview';

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
 * retry, not an unhandled rejection. The study's requests and `shell`, the first-paint module that reads their answers,
 * go out before the preloads (a browser opens 6 connections per origin).
 */
export function preloadScript(files: string[], imagingFiles: string[], shell: string | null): string {
  const preload = (list: string[]) =>
    `for (const href of ${JSON.stringify(list)}) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));`;
  const global = JSON.stringify(PRELOAD_GLOBAL);
  // One block: the script's names stay out of the page's global scope.
  return [
    `{`,
    `const dpr = devicePixelRatio || 1;`,
    // The screen the previews are fitted to, for the server to start the next study page's preview (src/domain/viewer/screen-cookie.ts).
    `document.cookie = \`${SCREEN_COOKIE}=\${innerWidth}x\${innerHeight}x\${dpr}; path=/; SameSite=Strict\${location.protocol === 'https:' ? '; Secure' : ''}\`;`,
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
    `  let painted = null;`,
    `  if (uid && signedIn) {`,
    `    const asks = [];`,
    `    let hint = null;`,
    `    try { hint = JSON.parse(document.getElementById(${JSON.stringify(FIRST_IMAGE_HINT_ID)})?.textContent || 'null'); } catch {}`,
    `    if (hint && hint.studyUid === uid) {`,
    `      const request = (${previewRequest.toString()})({ ...hint, frameUrl: location.origin + hint.frameUrl }, { width: innerWidth * dpr, height: innerHeight * dpr });`,
    // The preview itself, when the server put it into the page for this very request: no request at all.
    `      const carried = document.getElementById(${JSON.stringify(FIRST_IMAGE_PREVIEW_ID)});`,
    `      const preview = carried && location.origin + carried.dataset.url === request.url ? [request.url, Promise.resolve(new Response((${bytesOfBase64.toString()})(carried.textContent), { headers: { 'Content-Type': 'image/jpeg' } }))] : ask(request.url, 'image/jpeg');`,
    `      asks.push(preview);`,
    // Painted here, stretched to the percentile window as the viewer will (CR/DX without a usable VOI), by the viewer's own functions.
    `      const stretch = (bitmap) => (${stretchedPreview.toString()})(bitmap, (rgba) => (${previewStretchLut.toString()})(rgba, ${voiFromHistogram.toString()}));`,
    `      painted = preview[1].then((r) => (r.ok ? r.clone().blob() : null)).then((blob) => blob && createImageBitmap(blob)).then((bitmap) => bitmap && (request.stretch ? stretch(bitmap) : bitmap)).then((bitmap) => bitmap && (${drawShellPreview.toString()})(bitmap, ${JSON.stringify(SHELL_PREVIEW_ID)}, ${JSON.stringify(SHELL_HANDED_OVER)}, ${JSON.stringify(FIRST_IMAGE_MARKS.shell)})).catch(() => undefined);`,
    `    }`,
    `    for (const path of ${JSON.stringify(PRELOADED_STUDY_PATHS)}) asks.push(ask(path.replace('{uid}', uid), 'application/dicom+json'));`,
    `    window[${global}] = Object.fromEntries(asks);`,
    `  }`,
    ...(shell
      ? [
          `  const shellAndChunks = () => {`,
          `    if (uid && signedIn) document.head.append(Object.assign(document.createElement('script'), { type: 'module', src: ${JSON.stringify(shell)} }));`,
          `    ${preload(files)}`,
          `  };`,
          // After this script's own paint of a named image: their compiling and running would hold up its few tasks.
          `  if (painted) painted.then(shellAndChunks); else shellAndChunks();`,
          `  if (!(uid && signedIn)) ${preload(imagingFiles)}`,
        ]
      : [`  ${preload(files)}`, `  ${preload(imagingFiles)}`]),
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
        const files = [...new Set([...(shell?.type === 'chunk' ? shell.imports : []), ...page])];
        const imaging = withImports(STUDY_IMAGING).filter((file) => !files.includes(file));
        const script = preloadScript(
          files.map((file) => `/${file}`),
          imaging.map((file) => `/${file}`),
          shell ? `/${shell.fileName}` : null,
        );
        const app = chunkOf(APP_CHUNK);
        const appFiles = app?.type === 'chunk' ? [app.fileName, ...app.imports] : [];
        const appCss = app?.type === 'chunk' ? [...(app.viteMetadata?.importedCss ?? [])] : [];
        const link = (rel: string) => (file: string) => ({ tag: 'link', attrs: { rel, crossorigin: true, href: `/${file}` }, injectTo: 'head' as const });
        return [
          // First in <head>: an inline script after a stylesheet would wait for that stylesheet.
          { tag: 'script', children: script, injectTo: 'head-prepend' },
          // On every page: the app and its styles download beside the entry, which runs the app when it may.
          ...appFiles.map(link('modulepreload')),
          ...appCss.map(link('stylesheet')),
        ];
      },
    },
  };
}
