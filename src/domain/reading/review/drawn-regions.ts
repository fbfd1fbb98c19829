/**
 * Regions the reader drew with the viewer's Rectangle ROI tool, offered to the review form instead
 * of typed coordinates. Pure: takes the viewer's annotations (handles in image pixels) as they are.
 */
import type { ImageRegion } from '../../dicom/sr';

export type Box = Extract<ImageRegion, { kind: 'box' }>;

export interface DrawnRegion {
  /** The annotation's id in the viewer. */
  id: string;
  region: Box;
}

export interface DrawnAnnotation {
  id: string;
  toolName: string;
  imageId: string;
  points: readonly (readonly [number, number])[];
}

/** Tenths of a pixel: a mouse-drawn box is not more precise than that. */
const tenth = (value: number) => Math.round(value * 10) / 10;

/** The box the handles span (Cornerstone keeps the four corners, in any order); null without an area. */
export function boxOfHandles(points: DrawnAnnotation['points']): Box | null {
  if (points.length < 2) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [x, y] = [tenth(Math.min(...xs)), tenth(Math.min(...ys))];
  const [width, height] = [tenth(Math.max(...xs)) - x, tenth(Math.max(...ys)) - y];
  return width > 0 && height > 0 ? { kind: 'box', x, y, width: tenth(width), height: tenth(height) } : null;
}

/** The rectangles drawn on the images `onImage` accepts, in drawing order (the latest last). */
export function drawnRectangles(annotations: readonly DrawnAnnotation[], onImage: (imageId: string) => boolean): DrawnRegion[] {
  return annotations.flatMap((a) => {
    const region = a.toolName === 'RectangleROI' && onImage(a.imageId) ? boxOfHandles(a.points) : null;
    return region ? [{ id: a.id, region }] : [];
  });
}
