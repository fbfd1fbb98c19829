/**
 * The page shell's first paint (src/app/first-paint-shell.ts): the study's rendered preview over the
 * whole window, before the app's bundle has run, until the viewer shows its own preview or image
 * (or gives up). Fitted and centred as the viewer fits it, on the viewer's black.
 */
import { FIRST_IMAGE_MARKS } from '../../domain/viewer/first-image-marks';

let canvas: HTMLCanvasElement | null = null;
/** Once the viewer has its own picture (or the page moved on), a late shell paint would only cover it. */
let handedOver = false;

export function paintShellPreview(bitmap: ImageBitmap): void {
  if (handedOver || canvas || bitmap.width === 0) return;
  const scale = window.devicePixelRatio || 1;
  canvas = document.createElement('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  canvas.dataset.testid = 'shell-preview';
  canvas.width = Math.round(innerWidth * scale);
  canvas.height = Math.round(innerHeight * scale);
  Object.assign(canvas.style, { position: 'fixed', inset: '0', width: '100%', height: '100%', zIndex: '10', background: '#000', pointerEvents: 'none' });
  const context = canvas.getContext('2d');
  if (!context) return;
  const fit = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
  const [width, height] = [bitmap.width * fit, bitmap.height * fit];
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, (canvas.width - width) / 2, (canvas.height - height) / 2, width, height);
  document.body.append(canvas);
  performance.mark(FIRST_IMAGE_MARKS.shell);
}

/** The viewer takes over: the shell's canvas goes, and a shell paint still on its way will not happen. */
export function removeShellPreview(): void {
  handedOver = true;
  canvas?.remove();
  canvas = null;
}
