/** Fetches and decodes the viewer's first paint (src/domain/viewer/rendered-preview.ts) into a bitmap. */
import { previewStretchLut, renderedPreviewRequest, type PreviewRequest } from '../../domain/viewer/rendered-preview';
import { instanceOfImageId, type Series } from '../../domain/study/series';
import { voiFromHistogram } from '../../domain/viewer/voi';
import { preloadingFetch } from '../pacs/preloaded-fetch';

/** The preview of the series' first frame, fitted in the window's device pixels; null when it could not be swapped invisibly. */
export function firstFramePreview(series: Series): PreviewRequest | null {
  const imageId = series.imageIds[0];
  const instance = imageId ? instanceOfImageId(series, imageId) : undefined;
  const scale = globalThis.devicePixelRatio || 1;
  return instance ? renderedPreviewRequest(imageId, instance.metadata, series.modality, { width: innerWidth * scale, height: innerHeight * scale }) : null;
}

/** Previews started before the viewer asked for them (the page shell's, src/app/first-paint-shell.ts), by URL; each is taken once. */
const early = new Map<string, Promise<ImageBitmap>>();
/** The viewer's latest preview load: a shell that comes later shares it rather than asking twice. */
let viewerLoad: { url: string; bitmap: Promise<ImageBitmap> } | null = null;

/** Starts `request` now (or joins the viewer's load of it); the viewer's fetchRenderedPreview of the same URL then takes this one. */
export function prefetchRenderedPreview(request: PreviewRequest): Promise<ImageBitmap> {
  if (viewerLoad?.url === request.url) return viewerLoad.bitmap;
  const bitmap = loadRenderedPreview(request);
  early.set(request.url, bitmap);
  return bitmap;
}

export function fetchRenderedPreview(request: PreviewRequest, signal?: AbortSignal): Promise<ImageBitmap> {
  const bitmap = early.get(request.url) ?? loadRenderedPreview(request, signal);
  early.delete(request.url);
  viewerLoad = { url: request.url, bitmap };
  return bitmap;
}

async function loadRenderedPreview(request: PreviewRequest, signal?: AbortSignal): Promise<ImageBitmap> {
  // The session cookie authorises it; Accept picks JPEG (the gateway passes Accept through to Orthanc). The
  // page's inline script may have asked already (a first image the server named).
  const response = await preloadingFetch()(request.url, { headers: { Accept: 'image/jpeg' }, credentials: 'same-origin', signal });
  if (!response.ok) throw new Error(`rendered frame: HTTP ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  return request.stretch ? stretchedPreview(bitmap, (rgba) => previewStretchLut(rgba, voiFromHistogram)) : bitmap;
}

/**
 * The percentile window applied to the preview's grey levels (JPEG decoding is the browser's, off the main
 * thread). Self-contained, given its LUT rule: the page's inline script runs this very function's source.
 */
export function stretchedPreview(bitmap: ImageBitmap, lutOf: (rgba: Uint8ClampedArray) => Uint8Array): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return Promise.resolve(bitmap);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const lut = lutOf(image.data);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) data[i] = data[i + 1] = data[i + 2] = lut[data[i]];
  return createImageBitmap(image);
}
