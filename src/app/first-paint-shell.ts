/**
 * The page shell's first paint, an entry of its own (tools/vite/viewer-preload-plugin.ts loads it
 * beside the inline preload, long before the app's bundle has run): on a /study/ link, the inline script
 * has already asked the gateway for the study's first frame, rendered at the window's size
 * (FIRST_RENDERED: one request, the server picks the frame by the viewer's rule). This decodes and paints
 * it. The viewer later takes that very bitmap (the answer names the rendered frame it is) and the shell's
 * canvas goes. Any failure just leaves the first paint to the viewer. The app's bundle runs once this is
 * done (./app-gate).
 */
import { parseRoute } from '../services/router/routes';
import { takePreloadedFirstRendered } from '../services/pacs/preloaded-fetch';
import { adoptEarlyPreview, decodeRenderedPreview } from '../services/viewer/rendered-preview';
import { FIRST_RENDERED } from '../domain/viewer/rendered-preview';
import { paintShellPreview } from '../ui/viewer/shell-preview';
import { releaseApp } from './app-gate';

async function paintFirstFrame(studyInstanceUid: string): Promise<void> {
  const answer = takePreloadedFirstRendered(studyInstanceUid);
  if (!answer) return;
  const response = await answer;
  const rendered = response.headers.get(FIRST_RENDERED.renderedHeader);
  if (!response.ok || !rendered?.startsWith('/')) return;
  const stretch = response.headers.get(FIRST_RENDERED.stretchHeader) === '1';
  const bitmap = await adoptEarlyPreview(`${location.origin}${rendered}`, () => decodeRenderedPreview(response, stretch));
  if (location.pathname === `/study/${studyInstanceUid}`) paintShellPreview(bitmap);
}

const route = parseRoute(location.pathname);
if (route.name === 'study') {
  paintFirstFrame(route.studyInstanceUid)
    .catch(() => undefined)
    .finally(releaseApp);
}
