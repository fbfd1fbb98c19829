/**
 * The viewer is a lazy chunk (src/app/App.tsx): opened by a /study/ link, its download would start
 * only after the worklist chunk has run. This inline script asks for it (and the chunks it imports)
 * as the HTML is parsed, so both downloads overlap; other routes fetch nothing more.
 */
import type { Plugin } from 'vite';

const VIEWER_ENTRY = '/src/app/pages/StudyPage.tsx';

export function viewerPreloadPlugin(): Plugin {
  return {
    name: 'dokuei-viewer-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith(VIEWER_ENTRY));
        if (!chunk || chunk.type !== 'chunk') return [];
        const files = JSON.stringify([chunk.fileName, ...chunk.imports].map((file) => `/${file}`));
        const script = `if (location.pathname.startsWith('/study/')) for (const href of ${files}) document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));`;
        // First in <head>: an inline script after a stylesheet would wait for that stylesheet.
        return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
      },
    },
  };
}
