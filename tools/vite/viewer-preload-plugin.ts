/**
 * The viewer is a lazy chunk (src/app/App.tsx): opened by a /study/ link, its download would start
 * only after the worklist chunk has run. This inline script asks for it (and the chunks it imports)
 * as the HTML is parsed, so both downloads overlap; other routes fetch nothing more. It also starts the
 * study's series list and metadata, which the app's PACS client takes over (src/services/pacs/preloaded-fetch.ts).
 */
import type { Plugin } from 'vite';
import { PRELOAD_GLOBAL, PRELOADED_STUDY_PATHS } from '../../src/services/pacs/preloaded-fetch';

const VIEWER_ENTRY = '/src/app/pages/StudyPage.tsx';

/** The page's script: plain JS, run before any module. A failed request is the app's to retry, not an unhandled rejection. */
export function preloadScript(files: string[]): string {
  return [
    `if (location.pathname.startsWith('/study/')) {`,
    `  for (const href of ${JSON.stringify(files)}) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));`,
    `  const uid = /^\\/study\\/([0-9.]{1,64})$/.exec(location.pathname)?.[1];`,
    `  if (uid) window[${JSON.stringify(PRELOAD_GLOBAL)}] = Object.fromEntries(${JSON.stringify(PRELOADED_STUDY_PATHS)}.map((path) => {`,
    `    const url = path.replace('{uid}', uid);`,
    `    const response = fetch(url, { headers: { Accept: 'application/dicom+json' }, credentials: 'same-origin' });`,
    `    response.catch(() => undefined);`,
    `    return [url, response];`,
    `  }));`,
    `}`,
  ].join('\n');
}

export function viewerPreloadPlugin(): Plugin {
  return {
    name: 'dokuei-viewer-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(VIEWER_ENTRY));
        if (!chunk || chunk.type !== 'chunk') return [];
        // First in <head>: an inline script after a stylesheet would wait for that stylesheet.
        return [{ tag: 'script', children: preloadScript([chunk.fileName, ...chunk.imports].map((file) => `/${file}`)), injectTo: 'head-prepend' }];
      },
    },
  };
}
