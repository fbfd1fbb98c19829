import { useLayoutEffect, useRef } from 'react';
import { FIRST_IMAGE_MARKS } from '../../domain/viewer/first-image-marks';
import { useViewerStore } from '../../services/viewer/viewer-store';
import { removeShellPreview } from './shell-preview';

/**
 * The PACS-rendered preview of the first image, over the viewport until the real pixels are drawn.
 * Fitted as Cornerstone fits a fresh stack (whole image, centred, square pixels), so the swap does not
 * move the image. Placed before the viewport in the DOM; it takes no pointer events.
 */
export function RenderedPreview() {
  const bitmap = useViewerStore((s) => s.preview?.bitmap);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    // A closed bitmap (the real image just replaced it) has width 0: nothing to draw.
    if (!canvas || !bitmap || bitmap.width === 0) return;
    // The bitmap's own size, fitted by CSS (object-fit), as the page shell does (shell-preview.ts): no resampled draw.
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    removeShellPreview();
    performance.mark(FIRST_IMAGE_MARKS.preview);
  }, [bitmap]);

  if (!bitmap) return null;
  return <canvas ref={canvasRef} className="viewer-rendered-preview" data-testid="viewer-rendered-preview" aria-hidden="true" />;
}
