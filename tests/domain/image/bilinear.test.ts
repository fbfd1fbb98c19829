import { describe, expect, it } from 'vitest';
import { axisTaps, isInside, resampleWithTaps, resizeBilinear, sampleBilinear } from '../../../src/domain/image/bilinear';

describe('resizeBilinear (half-pixel centres)', () => {
  it('is the identity at the same size', () => {
    const src = { width: 3, height: 2, data: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(resizeBilinear(src, 3, 2).data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('upsamples 2 → 4 with clamped edges', () => {
    // sx = (x + 0.5)·0.5 − 0.5 = −0.25 → 0, 0.25, 0.75, 1.25 → 1
    const src = { width: 2, height: 1, data: Float64Array.from([0, 8]) };
    expect(Array.from(resizeBilinear(src, 4, 1).data)).toEqual([0, 2, 6, 8]);
  });
  it('downsamples 4 → 2 between pixel pairs', () => {
    const src = { width: 4, height: 1, data: Float64Array.from([0, 4, 8, 12]) };
    expect(Array.from(resizeBilinear(src, 2, 1).data)).toEqual([2, 10]);
  });
});

describe('resampleWithTaps', () => {
  it('writes into the array it is given, at the positions of the taps', () => {
    const src = { width: 2, height: 2, data: [0, 10, 20, 30] };
    // One sample a quarter of the way along x, half-way along y: (0·0.75 + 10·0.25) and (20·0.75 + 30·0.25), averaged.
    const out = resampleWithTaps(
      src,
      axisTaps(1, () => 0.25, 0, 1),
      axisTaps(1, () => 0.5, 0, 1),
      new Float32Array(1),
    );
    expect(Array.from(out)).toEqual([12.5]);
  });
});

describe('sampleBilinear', () => {
  const plane = { width: 3, height: 2, data: Float32Array.from([0, 10, 20, 30, 40, 50]) };
  it.each([
    { x: 0, y: 0, want: 0 },
    { x: 0.5, y: 0, want: 5 },
    { x: 1.5, y: 0.5, want: 30 },
    // The last column and row lie in the cell before them, with weight 1.
    { x: 2, y: 1, want: 50 },
  ])('at ($x, $y) is $want', ({ x, y, want }) => expect(sampleBilinear(plane, x, y)).toBe(want));
  it('knows which points lie inside', () => {
    expect([isInside(plane, 2, 1), isInside(plane, 2.01, 0), isInside(plane, 0, -0.01)]).toEqual([true, false, false]);
  });
});
