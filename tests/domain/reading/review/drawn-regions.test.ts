import { describe, expect, it } from 'vitest';
import { boxOfHandles, type DrawnAnnotation, drawnRectangles } from '../../../../src/domain/reading/review/drawn-regions';

describe('boxOfHandles', () => {
  it.each([
    [
      'four corners as Cornerstone keeps them',
      [
        [100, 120],
        [140, 120],
        [100, 160],
        [140, 160],
      ],
      { kind: 'box', x: 100, y: 120, width: 40, height: 40 },
    ],
    [
      'dragged up and to the left',
      [
        [140.04, 160],
        [100.26, 120.55],
      ],
      { kind: 'box', x: 100.3, y: 120.6, width: 39.7, height: 39.4 },
    ],
    [
      'a line has no area',
      [
        [10, 20],
        [30, 20],
      ],
      null,
    ],
    ['one handle', [[10, 20]], null],
  ] as const)('%s', (_name, points, box) => {
    expect(boxOfHandles(points)).toEqual(box);
  });
});

describe('drawnRectangles', () => {
  const annotation = (id: string, toolName: string, imageId: string, points: [number, number][]): DrawnAnnotation => ({ id, toolName, imageId, points });
  const square = (at: number): [number, number][] => [
    [at, at],
    [at + 10, at],
    [at, at + 10],
    [at + 10, at + 10],
  ];

  it('keeps rectangles on the image under review, in drawing order', () => {
    const annotations = [
      annotation('r1', 'RectangleROI', 'wadors:a', square(1)),
      annotation('l1', 'Length', 'wadors:a', [
        [0, 0],
        [5, 5],
      ]),
      annotation('r2', 'RectangleROI', 'wadors:b', square(2)),
      annotation('r3', 'RectangleROI', 'wadors:a', square(3)),
      annotation('r4', 'RectangleROI', 'wadors:a', [[4, 4]]),
    ];
    expect(drawnRectangles(annotations, (imageId) => imageId === 'wadors:a')).toEqual([
      { id: 'r1', region: { kind: 'box', x: 1, y: 1, width: 10, height: 10 } },
      { id: 'r3', region: { kind: 'box', x: 3, y: 3, width: 10, height: 10 } },
    ]);
  });
});
