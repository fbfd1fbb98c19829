/**
 * Measurement calibration rules (PS3.3 C.7.6.2.1.1, C.8.11.7): PixelSpacing is in the patient plane;
 * ImagerPixelSpacing is at the detector, so lengths from it are magnified by the beam geometry —
 * the UI says which one was used. Neither means the reader only gets pixels.
 */

export type CalibrationSource = 'PixelSpacing' | 'ImagerPixelSpacing' | 'uncalibrated';

export interface Calibration {
  source: CalibrationSource;
  /** mm between row centres (vertical) and column centres (horizontal); 1 when uncalibrated. */
  rowSpacing: number;
  columnSpacing: number;
  unit: 'mm' | 'px';
}

function validSpacing(values: number[] | undefined): [number, number] | null {
  if (!values || values.length < 2) return null;
  const [row, column] = values;
  return row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column) ? [row, column] : null;
}

export function calibrationOf(pixelSpacing: number[] | undefined, imagerPixelSpacing: number[] | undefined): Calibration {
  const patient = validSpacing(pixelSpacing);
  if (patient) return { source: 'PixelSpacing', rowSpacing: patient[0], columnSpacing: patient[1], unit: 'mm' };
  const detector = validSpacing(imagerPixelSpacing);
  if (detector) return { source: 'ImagerPixelSpacing', rowSpacing: detector[0], columnSpacing: detector[1], unit: 'mm' };
  return { source: 'uncalibrated', rowSpacing: 1, columnSpacing: 1, unit: 'px' };
}

/** A point in image pixel coordinates: x = column, y = row. */
export type ImagePoint = [number, number];

export function lengthOf(a: ImagePoint, b: ImagePoint, cal: Calibration): number {
  const dx = (b[0] - a[0]) * cal.columnSpacing;
  const dy = (b[1] - a[1]) * cal.rowSpacing;
  return Math.hypot(dx, dy);
}

/** Angle at vertex b, in degrees, measured in calibrated space (anisotropic pixels change angles). */
export function angleOf(a: ImagePoint, vertex: ImagePoint, c: ImagePoint, cal: Calibration): number {
  const u = [(a[0] - vertex[0]) * cal.columnSpacing, (a[1] - vertex[1]) * cal.rowSpacing];
  const v = [(c[0] - vertex[0]) * cal.columnSpacing, (c[1] - vertex[1]) * cal.rowSpacing];
  const norm = Math.hypot(u[0], u[1]) * Math.hypot(v[0], v[1]);
  if (norm === 0) return 0;
  const cos = Math.min(1, Math.max(-1, (u[0] * v[0] + u[1] * v[1]) / norm));
  return (Math.acos(cos) * 180) / Math.PI;
}

export function rectangleOf(a: ImagePoint, b: ImagePoint, cal: Calibration): { width: number; height: number; area: number } {
  const width = Math.abs(b[0] - a[0]) * cal.columnSpacing;
  const height = Math.abs(b[1] - a[1]) * cal.rowSpacing;
  return { width, height, area: width * height };
}

export function calibrationLabel(cal: Calibration): string {
  switch (cal.source) {
    case 'PixelSpacing':
      return 'mm (Pixel Spacing, patient plane)';
    case 'ImagerPixelSpacing':
      return 'mm (Imager Pixel Spacing, at detector — not corrected for magnification)';
    case 'uncalibrated':
      return 'px (uncalibrated: no pixel spacing)';
  }
}
