/** Series thumbnails through the same loader (and cache) as the viewport. */
import { getRenderingEngine, utilities } from '@cornerstonejs/core';
import { ensureCornerstone } from './setup';

const THUMBNAIL_ENGINE_ID = 'dokuei-thumbnails';

export async function renderThumbnail(canvas: HTMLCanvasElement, imageId: string): Promise<void> {
  await ensureCornerstone();
  await utilities.loadImageToCanvas({ canvas, imageId, renderingEngineId: THUMBNAIL_ENGINE_ID });
}

/** Frees the offscreen engine Cornerstone keeps for thumbnails (a WebGL context and its textures). */
export function releaseThumbnails(): void {
  getRenderingEngine(THUMBNAIL_ENGINE_ID)?.destroy();
}
