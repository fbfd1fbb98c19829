/** Hands WADO-RS series metadata to the image loader, and takes it back when the viewer leaves. */
import { cache, Enums, imageLoader } from '@cornerstonejs/core';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { firstImageSeries, metadataForLoader, type Series } from '../../../domain/study/series';
import { ensureCornerstone } from './setup';

/**
 * Waits for Cornerstone first: initialising the loader purges its metadata manager.
 * Multi-frame instances are registered once, under frame 1 (the loader derives the other frames),
 * but every frame's derived entry is removed on release.
 */
export async function registerSeriesMetadata(series: readonly Series[]): Promise<() => void> {
  await ensureCornerstone();
  const images = series.flatMap((s) => s.images);
  for (const instance of images) wadors.metaDataManager.add(instance.imageIds[0], metadataForLoader(instance.metadata) as never);
  prefetchFirstImage(series);
  return () => {
    for (const imageId of images.flatMap((i) => i.imageIds)) wadors.metaDataManager.remove(imageId);
  };
}

/**
 * Fetches and decodes the image the viewport opens on while React mounts it and Cornerstone builds its
 * GL context; the viewport's own load then finds it in the cache. The options are StackViewport's,
 * so the cached image is the one it would have made. A failure is left to the viewport's load to
 * report (the cache drops failed entries, or hands it the same rejected promise).
 */
function prefetchFirstImage(series: readonly Series[]): void {
  const imageId = firstImageSeries(series)?.imageIds[0];
  if (!imageId || cache.getImageLoadObject(imageId)) return;
  imageLoader.loadAndCacheImage(imageId, STACK_VIEWPORT_LOAD_OPTIONS).catch(() => undefined);
}

/** StackViewport.getLoaderImageOptions of @cornerstonejs/core 5 (useRGBA is read by the loader, not typed). */
const STACK_VIEWPORT_LOAD_OPTIONS = { useRGBA: false, priority: 5, requestType: Enums.RequestType.Interaction };
