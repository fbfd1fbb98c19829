/**
 * The page shell's first paint (src/app/first-paint-shell.ts, and the page's inline script for a first
 * image the server named): the study's rendered preview over the whole window, before the app's bundle
 * has run, until the viewer shows its own preview or image (or gives up). Fitted and centred as the
 * viewer fits it, on the viewer's black.
 */
import { FIRST_IMAGE_MARKS } from '../../domain/viewer/first-image-marks';

/** What the shell's canvas is found by, whoever painted it (data-testid). */
export const SHELL_PREVIEW_ID = 'shell-preview';
/** Set on <html> once the viewer has taken over: a paint still on its way would only cover the viewer. */
export const SHELL_HANDED_OVER = 'data-shell-handed-over';

/**
 * Draws `bitmap` fitted in the window onto the shell's canvas (made and shown, with `mark`, when the page
 * has none), unless the viewer has taken over. Self-contained on purpose: the page's inline script
 * (tools/vite/viewer-preload-plugin.ts) runs this very function's source, so a named first image is
 * painted before any module has loaded, the same way as here.
 */
export function drawShellPreview(bitmap: ImageBitmap, id: string, handedOver: string, mark: string): void {
  if (bitmap.width === 0 || document.documentElement.hasAttribute(handedOver)) return;
  const existing = document.querySelector(`canvas[data-testid="${id}"]`);
  const canvas = existing instanceof HTMLCanvasElement ? existing : document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  canvas.dataset.testid = id;
  // The bitmap's own size, fitted by CSS: a resampled draw into a window-sized canvas, and that canvas's
  // frame, cost 50–80 ms of the page's main thread on a CPU-only machine (a 512² CT preview in 1280×900).
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  Object.assign(canvas.style, {
    position: 'fixed',
    inset: '0',
    width: '100%',
    height: '100%',
    objectFit: 'contain',
    zIndex: '10',
    background: '#000',
    pointerEvents: 'none',
  });
  const context = canvas.getContext('2d');
  if (!context) return;
  context.drawImage(bitmap, 0, 0);
  if (existing) return;
  (document.body || document.documentElement).append(canvas);
  performance.mark(mark);
}

/** Paints `bitmap`, or paints it over the shell's earlier picture (a first image the server named that turned out stale). */
export function paintShellPreview(bitmap: ImageBitmap): void {
  drawShellPreview(bitmap, SHELL_PREVIEW_ID, SHELL_HANDED_OVER, FIRST_IMAGE_MARKS.shell);
}

/** The viewer takes over: the shell's canvas goes, and a shell paint still on its way will not happen. */
export function removeShellPreview(): void {
  document.documentElement.setAttribute(SHELL_HANDED_OVER, '');
  document.querySelector(`canvas[data-testid="${SHELL_PREVIEW_ID}"]`)?.remove();
}
