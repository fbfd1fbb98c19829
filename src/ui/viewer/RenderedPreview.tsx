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
    if (!canvas || !bitmap) return;
    const draw = () => {
      const scale = window.devicePixelRatio || 1;
      canvas.width = Math.round(canvas.clientWidth * scale);
      canvas.height = Math.round(canvas.clientHeight * scale);
      const context = canvas.getContext('2d');
      // A closed bitmap (the real image just replaced it) has width 0: nothing to draw.
      if (!context || bitmap.width === 0 || canvas.width === 0 || canvas.height === 0) return;
      const fit = Math.min(canvas.width / bitmap.width, canvas.height / bitmap.height);
      const width = bitmap.width * fit;
      const height = bitmap.height * fit;
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, (canvas.width - width) / 2, (canvas.height - height) / 2, width, height);
    };
    draw();
    removeShellPreview();
    performance.mark(FIRST_IMAGE_MARKS.preview);
    const observer = new ResizeObserver(draw);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [bitmap]);

  if (!bitmap) return null;
  return <canvas ref={canvasRef} className="viewer-rendered-preview" data-testid="viewer-rendered-preview" aria-hidden="true" />;
}
