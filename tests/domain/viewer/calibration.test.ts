import { describe, expect, it } from 'vitest';
import { angleOf, calibrationLabel, calibrationOf, lengthOf, rectangleOf } from '../../../src/domain/viewer/calibration';
import { measurementText } from '../../../src/domain/viewer/measurements';

describe('calibrationOf', () => {
  it.each([
    ['Pixel Spacing wins', [0.5, 0.6], [0.2, 0.2], 'PixelSpacing', 0.5, 0.6, 'mm'],
    ['Imager Pixel Spacing when there is no Pixel Spacing', undefined, [0.143, 0.143], 'ImagerPixelSpacing', 0.143, 0.143, 'mm'],
    ['zero Pixel Spacing (real CR: "0.000\\0.000") falls through', [0, 0], [0.1, 0.1], 'ImagerPixelSpacing', 0.1, 0.1, 'mm'],
    ['neither: uncalibrated pixels', undefined, undefined, 'uncalibrated', 1, 1, 'px'],
    ['a single value is not a spacing', [0.5], undefined, 'uncalibrated', 1, 1, 'px'],
  ] as const)('%s', (_, pixel, imager, source, row, column, unit) => {
    expect(calibrationOf(pixel as number[] | undefined, imager as number[] | undefined)).toEqual({
      source,
      rowSpacing: row,
      columnSpacing: column,
      unit,
    });
  });

  it('says which spacing a length comes from', () => {
    expect(calibrationLabel(calibrationOf(undefined, [0.1, 0.1]))).toMatch(/Imager Pixel Spacing.*detector/);
    expect(calibrationLabel(calibrationOf(undefined, undefined))).toMatch(/uncalibrated/);
  });
});

describe('measurements', () => {
  const aniso = calibrationOf([2, 0.5], undefined); // rows 2 mm apart, columns 0.5 mm apart

  it('scales x by column spacing and y by row spacing', () => {
    expect(lengthOf([0, 0], [10, 0], aniso)).toBe(5);
    expect(lengthOf([0, 0], [0, 10], aniso)).toBe(20);
    expect(lengthOf([0, 0], [3, 4], calibrationOf([1, 1], undefined))).toBe(5);
  });

  it('measures angles in calibrated space', () => {
    const iso = calibrationOf([1, 1], undefined);
    expect(angleOf([10, 0], [0, 0], [0, 10], iso)).toBeCloseTo(90);
    // 45° in pixels is not 45° on anisotropic pixels.
    expect(angleOf([10, 0], [0, 0], [10, 10], aniso)).toBeCloseTo((Math.atan2(20, 5) * 180) / Math.PI);
    expect(angleOf([0, 0], [0, 0], [1, 1], iso)).toBe(0);
  });

  it('rectangle width, height and area', () => {
    expect(rectangleOf([10, 10], [0, 0], aniso)).toEqual({ width: 5, height: 20, area: 100 });
  });

  it.each([
    [
      'Length',
      [
        [0, 0],
        [100, 0],
      ],
      'Length 50.0 mm',
    ],
    ['Length', [[0, 0]], null],
    [
      'Angle',
      [
        [10, 0],
        [0, 0],
        [0, 10],
      ],
      'Angle 90.0°',
    ],
    [
      'RectangleROI',
      [
        [0, 0],
        [10, 0],
        [0, 10],
        [10, 10],
      ],
      'Rect 5.0 × 20.0 mm (100 mm²)',
    ],
  ] as const)('%s text for %o', (tool, points, text) => {
    expect(measurementText(tool, points as unknown as [number, number][], aniso)).toBe(text);
  });

  it('reports pixels when uncalibrated', () => {
    expect(
      measurementText(
        'Length',
        [
          [0, 0],
          [3, 4],
        ],
        calibrationOf(undefined, undefined),
      ),
    ).toBe('Length 5.0 px');
  });
});
