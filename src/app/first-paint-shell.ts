/**
 * The page shell's first paint, an entry of its own (tools/vite/viewer-preload-plugin.ts loads it
 * beside the inline preload, long before the app's bundle has run). On a /study/ link it paints the
 * study's rendered preview: at once when the server named the study's first image in the page (the
 * inline script has asked for its preview already), and otherwise, or when that name turns out stale,
 * from the series list and metadata the inline script preloaded. The viewer later takes that very bitmap
 * (no second request) and the shell's canvas goes. Any failure just leaves the first paint to the
 * viewer. The app's bundle runs once this is done (./app-gate).
 */
import { parseRoute } from '../services/router/routes';
import { readPreloadedStudy } from '../services/pacs/preloaded-fetch';
import { DICOM_WEB_ROOT } from '../services/pacs/client';
import { firstFramePreview, prefetchRenderedPreview } from '../services/viewer/rendered-preview';
import { firstImageSeries, studySeries } from '../domain/study/series';
import { needsPaletteInlining } from '../domain/dicom/palette';
import { FIRST_IMAGE_HINT_ID, isFirstImageHint } from '../domain/viewer/first-image-hint';
import { previewRequest, type PreviewRequest } from '../domain/viewer/rendered-preview';
import { paintShellPreview } from '../ui/viewer/shell-preview';
import { releaseApp } from './app-gate';

/** The preview of the first image the server named in this page, as the inline script asked for it. */
function hintedPreview(studyInstanceUid: string): PreviewRequest | null {
  let hint: unknown = null;
  try {
    hint = JSON.parse(document.getElementById(FIRST_IMAGE_HINT_ID)?.textContent || 'null');
  } catch {
    return null;
  }
  if (!isFirstImageHint(hint) || hint.studyUid !== studyInstanceUid) return null;
  const scale = globalThis.devicePixelRatio || 1;
  return previewRequest({ ...hint, frameUrl: `${location.origin}${hint.frameUrl}` }, { width: innerWidth * scale, height: innerHeight * scale });
}

async function paint(request: PreviewRequest, studyInstanceUid: string): Promise<void> {
  const bitmap = await prefetchRenderedPreview(request);
  if (location.pathname === `/study/${studyInstanceUid}`) paintShellPreview(bitmap);
}

async function paintFirstFrame(studyInstanceUid: string): Promise<void> {
  const hinted = hintedPreview(studyInstanceUid);
  const early = hinted ? paint(hinted, studyInstanceUid).catch(() => undefined) : undefined;
  const preloaded = readPreloadedStudy(studyInstanceUid);
  if (!preloaded) return early;
  const { series, metadata } = await preloaded;
  // The viewer inlines palette tables first, which may change what it shows first: leave those to it.
  if (metadata.some(needsPaletteInlining)) return early;
  const first = firstImageSeries(studySeries(`${location.origin}${DICOM_WEB_ROOT}`, studyInstanceUid, series, metadata));
  const request = first && firstFramePreview(first);
  await early;
  // The named image is the viewer's first (the usual case), or the study has changed since it was named.
  if (request && request.url !== hinted?.url) await paint(request, studyInstanceUid);
}

const route = parseRoute(location.pathname);
if (route.name === 'study') {
  paintFirstFrame(route.studyInstanceUid)
    .catch(() => undefined)
    .finally(releaseApp);
}
