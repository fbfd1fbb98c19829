/**
 * One-time Cornerstone3D initialisation: core, tools, the DICOM image loader (decoding in its
 * web workers) and a bounded image cache. Idempotent; every viewer mount awaits the same promise.
 */
import { cache, init as initCore, imageLoader, type Types } from '@cornerstonejs/core';
import { AngleTool, addTool, init as initTools, LengthTool, PanTool, RectangleROITool, StackScrollTool, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';
import { init as initLoader, wadors } from '@cornerstonejs/dicom-image-loader';
import { CODEC_WASM_BASE } from '../codec-wasm-constants';
import { AiBoxTool } from './ai-box-tool';
import { acceptHeaderFor, withTranscodeFallback } from './transcode-fallback';

/** Decoded-pixel cache ceiling: a 30-slice CT is ~16 MB, a 15-bit 2k² CR ~8 MB. */
export const IMAGE_CACHE_BYTES = 256 * 1024 * 1024;

let ready: Promise<void> | null = null;

/**
 * Cornerstone's loadAndCacheImage does not await `cache.putImageLoadObject`, whose promise rethrows the
 * load error: an unhandled second copy (a page error) of a failure that is already handled where it is
 * shown — the viewport's request (ImageErrorTile via IMAGE_LOAD_FAILED / setStack), the thumbnail's
 * render. That copy is marked handled here; the cache still drops the failed entry as before.
 */
function handleCacheCopyOfLoadFailures(): void {
  const put = cache.putImageLoadObject.bind(cache);
  cache.putImageLoadObject = (imageId, imageLoadObject) => {
    const caching = put(imageId, imageLoadObject);
    caching.catch(() => undefined);
    return caching;
  };
}

export function ensureCornerstone(): Promise<void> {
  ready ??= Promise.resolve().then(() => {
    // One viewport per engine here: the default pool of 7 WebGL contexts per engine exhausts Chromium's limit.
    initCore({ rendering: { webGlContextCount: 1 }, debug: {} });
    initLoader({
      // Two cores on the target machines: one decode worker leaves the other for the UI.
      maxWebWorkers: Math.max(1, Math.min(2, Math.floor((navigator.hardwareConcurrency || 2) / 2))),
      wasmBasePath: CODEC_WASM_BASE,
      beforeSend: (_xhr: XMLHttpRequest, imageId: string) => acceptHeaderFor(imageId),
    });
    imageLoader.registerImageLoader('wadors', withTranscodeFallback(wadors.loadImage as Types.ImageLoaderFn));
    initTools();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, AngleTool, RectangleROITool, AiBoxTool]) {
      addTool(tool);
    }
    cache.setMaxCacheSize(IMAGE_CACHE_BYTES);
    handleCacheCopyOfLoadFailures();
  });
  return ready;
}
