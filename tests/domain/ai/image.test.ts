import { describe, expect, it } from 'vitest';
import { grayFromPixels, mirrorImage, rotateImageClockwise, type GrayImage } from '../../../src/domain/ai/image';

// 3×2 image:  a b c
//             d e f
const img: GrayImage = { width: 3, height: 2, data: Float32Array.from([1, 2, 3, 4, 5, 6]), invert: false };

describe('orientation copies', () => {
  it.each([
    { r: 90 as const, w: 2, h: 3, want: [4, 1, 5, 2, 6, 3] },
    { r: 180 as const, w: 3, h: 2, want: [6, 5, 4, 3, 2, 1] },
    { r: 270 as const, w: 2, h: 3, want: [3, 6, 2, 5, 1, 4] },
    { r: 0 as const, w: 3, h: 2, want: [1, 2, 3, 4, 5, 6] },
  ])('rotates clockwise by $r', ({ r, w, h, want }) => {
    const out = rotateImageClockwise(img, r);
    expect([out.width, out.height]).toEqual([w, h]);
    expect(Array.from(out.data)).toEqual(want);
  });
  it('mirrors left↔right', () => expect(Array.from(mirrorImage(img).data)).toEqual([3, 2, 1, 6, 5, 4]));
});

describe('grayFromPixels', () => {
  it.each([
    { channels: 1 as const, pixels: [10, 20], want: [10, 20] },
    { channels: 2 as const, pixels: [10, 255, 20, 0], want: [10, 20] },
    { channels: 3 as const, pixels: [255, 0, 0, 0, 0, 255], want: [0.299 * 255, 0.114 * 255] },
    { channels: 4 as const, pixels: [0, 255, 0, 7, 100, 100, 100, 0], want: [0.587 * 255, 100] },
  ])('$channels channel(s)', ({ channels, pixels, want }) => {
    const g = grayFromPixels(pixels, 2, 1, channels);
    Array.from(g.data).forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
  });
  it('refuses a short buffer', () => expect(() => grayFromPixels([1, 2, 3], 2, 1, 3)).toThrow(/needs 6/));
});
