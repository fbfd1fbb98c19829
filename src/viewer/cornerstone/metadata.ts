/** Hands WADO-RS series metadata to the image loader, and takes it back when the viewer leaves. */
import { wadors } from '@cornerstonejs/dicom-image-loader';
import { metadataForLoader, type ViewerSeries } from '../study-model';
import { ensureCornerstone } from './setup';

/**
 * Waits for Cornerstone first: initialising the loader purges its metadata manager.
 * Multi-frame instances are registered once, under frame 1 (the loader derives the other frames),
 * but every frame's derived entry is removed on release.
 */
export async function registerSeriesMetadata(series: readonly ViewerSeries[]): Promise<() => void> {
  await ensureCornerstone();
  const images = series.flatMap((s) => s.images);
  for (const instance of images) wadors.metaDataManager.add(instance.imageIds[0], metadataForLoader(instance.metadata) as never);
  return () => {
    for (const imageId of images.flatMap((i) => i.imageIds)) wadors.metaDataManager.remove(imageId);
  };
}
