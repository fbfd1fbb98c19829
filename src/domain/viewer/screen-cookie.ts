/**
 * The reader's screen, as the page's inline script tells it to the server (tools/vite/viewer-preload-plugin.ts):
 * a cookie rides on the next page request, so the server can start the render of that study's preview
 * (the very request previewRequest makes on this screen) while the browser is still starting the page
 * (server/gateway/preview-head-start.ts).
 */
export const SCREEN_COOKIE = 'dokuei_screen';

/** `${innerWidth}x${innerHeight}x${devicePixelRatio}` as the page prints its numbers (shortest round-trip decimals). */
const SCREEN_VALUE = /^(\d{1,5}(?:\.\d{1,20})?)x(\d{1,5}(?:\.\d{1,20})?)x(\d(?:\.\d{1,20})?)$/;
const MAX_SIDE = 32_768;

/**
 * The bound the page fits previews in (device pixels), computed with the page's own arithmetic
 * (innerWidth × devicePixelRatio, the same doubles), or null for a value the page could not have written.
 */
export function screenBound(value: string | undefined): { width: number; height: number } | null {
  const match = value ? SCREEN_VALUE.exec(value) : null;
  if (!match) return null;
  const [innerWidth, innerHeight, scale] = match.slice(1).map(Number);
  const bound = { width: innerWidth * scale, height: innerHeight * scale };
  const fits = (side: number) => side >= 1 && side <= MAX_SIDE;
  return fits(bound.width) && fits(bound.height) ? bound : null;
}
