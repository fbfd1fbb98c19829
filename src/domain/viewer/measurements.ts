/** Measurement read-outs from annotation handles in image pixel coordinates. Pure. */
import { angleOf, type Calibration, type ImagePoint, lengthOf, rectangleOf } from './calibration';

export type MeasurementTool = 'Length' | 'Angle' | 'RectangleROI';

export interface Measurement {
  id: string;
  tool: MeasurementTool;
  text: string;
}

function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

/** Null when the handles are not (yet) complete for that tool. */
export function measurementText(tool: MeasurementTool, points: readonly ImagePoint[], cal: Calibration): string | null {
  const u = cal.unit;
  switch (tool) {
    case 'Length':
      return points.length >= 2 ? `Length ${fixed(lengthOf(points[0], points[1], cal))} ${u}` : null;
    case 'Angle':
      return points.length >= 3 ? `Angle ${fixed(angleOf(points[0], points[1], points[2], cal))}°` : null;
    case 'RectangleROI': {
      if (points.length < 2) return null;
      // Cornerstone stores the four corners; opposite corners are the first and the last.
      const { width, height, area } = rectangleOf(points[0], points[points.length - 1], cal);
      return `Rect ${fixed(width)} × ${fixed(height)} ${u} (${fixed(area, 0)} ${u}²)`;
    }
  }
}
