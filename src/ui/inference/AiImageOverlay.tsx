import { Enums, getEnabledElement, type StackViewport, type Types, utilities } from '@cornerstonejs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useInference } from '../../services/inference/store';
import type { StudyAiResult } from '../../domain/ai/result/types';
import { heatmapPixels } from './colormap';
import { useOverlaySettings } from '../../services/inference/overlay-settings';
import { useLungSegmentation } from './use-lung-segmentation';
import { useAiBoxes } from './use-ai-boxes';

function layerCanvas(pixels: ImageData): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  canvas.getContext('2d')?.putImageData(pixels, 0, 0);
  return canvas;
}

/**
 * Draws the heat map with the image→canvas affine of the viewport: the image's outer corners
 * (pixel centres at integers, so edges at −0.5 and size − 0.5) go through Cornerstone's
 * image→world and world→canvas transforms, so the overlay follows zoom, pan, rotation and flips.
 */
function draw(canvas: HTMLCanvasElement, element: HTMLElement, result: StudyAiResult, heatmap: HTMLCanvasElement | null, opacity: number): void {
  const dpr = window.devicePixelRatio || 1;
  const width = Math.round(element.clientWidth * dpr);
  const height = Math.round(element.clientHeight * dpr);
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  canvas.dataset.drawn = '';
  const viewport = getEnabledElement(element as HTMLDivElement)?.viewport as StackViewport | undefined;
  const imageId = viewport?.getCurrentImageId();
  const image = viewport?.getCornerstoneImage();
  if (!viewport || !imageId || !image || !imageId.includes(`/instances/${result.sopInstanceUid}/`)) return;
  const toCanvas = (x: number, y: number) => viewport.worldToCanvas(utilities.imageToWorldCoords(imageId, [x, y]) as Types.Point3);
  const origin = toCanvas(-0.5, -0.5);
  const right = toCanvas(image.width - 0.5, -0.5);
  const down = toCanvas(-0.5, image.height - 0.5);
  const ex = [(right[0] - origin[0]) / image.width, (right[1] - origin[1]) / image.width];
  const ey = [(down[0] - origin[0]) / image.height, (down[1] - origin[1]) / image.height];
  ctx.setTransform(ex[0] * dpr, ex[1] * dpr, ey[0] * dpr, ey[1] * dpr, origin[0] * dpr, origin[1] * dpr);
  if (heatmap) {
    ctx.imageSmoothingEnabled = true;
    ctx.globalAlpha = opacity;
    ctx.drawImage(heatmap, 0, 0, image.width, image.height);
    canvas.dataset.drawn = 'heatmap';
  }
  // For tests and debugging: where the image's outer corners are on screen (CSS pixels).
  canvas.dataset.imageCorners = JSON.stringify([origin, right, down].map((p) => p.map((v) => Math.round(v * 10) / 10)));
}

/**
 * The AI overlay over a Cornerstone viewport: mount it in the same parent as the `.viewer-viewport`
 * element it covers (one per pane: the current study's, a prior's). The heat map is drawn on this
 * canvas; the lung mask and detection boxes are Cornerstone segmentation and annotations on the
 * viewport, described in data attributes.
 */
export function AiImageOverlay({ studyInstanceUid, testId = 'ai-overlay' }: { studyInstanceUid: string; testId?: string }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const status = useInference((s) => s.studies[studyInstanceUid]);
  const result = status?.phase === 'done' ? status.result : undefined;
  const { heatmapLabel, opacity, showLungs, lungOpacity } = useOverlaySettings();
  const lungs = useLungSegmentation(element, result);
  const boxes = useAiBoxes(element, result);

  useEffect(() => setElement(canvasRef.current?.parentElement?.querySelector<HTMLElement>('.viewer-viewport') ?? null), [result]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !lungs) return;
    lungs.setDisplay(showLungs, lungOpacity);
    const { segments, pixels, visible } = lungs.describe();
    Object.assign(canvas.dataset, {
      lungSegmentation: lungs.segmentationId,
      lungSegments: segments.join(' '),
      lungPixels: JSON.stringify(pixels),
      lungVisible: String(visible),
    });
    return () => {
      for (const key of ['lungSegmentation', 'lungSegments', 'lungPixels', 'lungVisible']) delete canvas.dataset[key];
    };
  }, [lungs, showLungs, lungOpacity]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !boxes) return;
    canvas.dataset.aiBoxes = JSON.stringify(boxes.describe());
    return () => void delete canvas.dataset.aiBoxes;
  }, [boxes]);

  const heatmapLayer = useMemo(() => {
    const map = heatmapLabel ? result?.heatmaps?.[heatmapLabel] : undefined;
    return map ? layerCanvas(heatmapPixels(map)) : null;
  }, [result, heatmapLabel]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !element || !result) return;
    const redraw = () => draw(canvas, element, result, heatmapLayer, opacity);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, redraw);
    const resize = new ResizeObserver(redraw);
    resize.observe(element);
    redraw();
    return () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, redraw);
      resize.disconnect();
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      canvas.dataset.drawn = '';
    };
  }, [element, result, heatmapLayer, opacity]);

  return (
    <canvas
      ref={canvasRef}
      data-testid={testId}
      aria-hidden="true"
      style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
    />
  );
}
