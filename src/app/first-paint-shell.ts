/**
 * The page shell's first paint, an entry of its own (tools/vite/viewer-preload-plugin.ts loads it
 * beside the inline preload, long before the app's bundle has run): on a /study/ link whose series list
 * and metadata the inline script preloaded, it picks the viewer's first frame from those same answers,
 * fetches its rendered preview and paints it. The viewer later takes that very bitmap (no second
 * request) and the shell's canvas goes. Any failure just leaves the first paint to the viewer. The app's
 * bundle runs once this is done (./app-gate).
 */
import { parseRoute } from '../services/router/routes';
import { readPreloadedStudy } from '../services/pacs/preloaded-fetch';
import { DICOM_WEB_ROOT } from '../services/pacs/client';
import { firstFramePreview, prefetchRenderedPreview } from '../services/viewer/rendered-preview';
import { firstImageSeries, studySeries } from '../domain/study/series';
import { needsPaletteInlining } from '../domain/dicom/palette';
import { paintShellPreview } from '../ui/viewer/shell-preview';
import { releaseApp } from './app-gate';

async function paintFirstFrame(studyInstanceUid: string): Promise<void> {
  const preloaded = readPreloadedStudy(studyInstanceUid);
  if (!preloaded) return;
  const { series, metadata } = await preloaded;
  // The viewer inlines palette tables first, which may change what it shows first: leave those to it.
  if (metadata.some(needsPaletteInlining)) return;
  const first = firstImageSeries(studySeries(`${location.origin}${DICOM_WEB_ROOT}`, studyInstanceUid, series, metadata));
  const request = first && firstFramePreview(first);
  if (!request) return;
  const bitmap = await prefetchRenderedPreview(request);
  if (location.pathname === `/study/${studyInstanceUid}`) paintShellPreview(bitmap);
}

const route = parseRoute(location.pathname);
if (route.name === 'study') {
  paintFirstFrame(route.studyInstanceUid)
    .catch(() => undefined)
    .finally(releaseApp);
}
