import { useEffect, useRef } from 'react';

/** An RGBA image drawn as large as its parent allows, aspect kept (letterboxed), redrawn on resize. */
export function SubtractionCanvas({ width, height, rgba, label }: { width: number; height: number; rgba: Uint8ClampedArray; label: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    const parent = canvas?.parentElement;
    if (!canvas || !parent) return;
    const source = document.createElement('canvas');
    source.width = width;
    source.height = height;
    source.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    const draw = () => {
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.max(1, Math.round(parent.clientWidth * ratio));
      canvas.height = Math.max(1, Math.round(parent.clientHeight * ratio));
      const context = canvas.getContext('2d');
      if (!context) return;
      const scale = Math.min(canvas.width / width, canvas.height / height);
      context.fillStyle = '#000';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingQuality = 'high';
      context.drawImage(source, (canvas.width - width * scale) / 2, (canvas.height - height * scale) / 2, width * scale, height * scale);
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(parent);
    return () => observer.disconnect();
  }, [width, height, rgba]);
  return <canvas ref={canvasRef} className="subtraction-canvas" role="img" aria-label={label} data-testid="subtraction-canvas" />;
}
