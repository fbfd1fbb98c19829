import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/domain/ai/eval/seeded-random';
import { axisTaps, isInside, resampleWithTaps, resizeBilinear, sampleBilinear, thresholdWithTaps } from '../../../src/domain/image/bilinear';

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
  it.each([
    { name: 'upsampling 7×5 → 40×33', w: 7, h: 5, ow: 40, oh: 33, reversed: false },
    { name: 'downsampling 40×33 → 7×5', w: 40, h: 33, ow: 7, oh: 5, reversed: false },
    { name: 'rows asked for out of order', w: 9, h: 9, ow: 12, oh: 12, reversed: true },
  ])('gives every pixel the arithmetic of one bilinear blend, bit for bit: $name', ({ w, h, ow, oh, reversed }) => {
    const random = seededRandom(w * 100 + h);
    const src = { width: w, height: h, data: Float64Array.from({ length: w * h }, () => random() * 1000) };
    const xs = axisTaps(ow, (o) => ((o + 0.5) * w) / ow - 0.5, 0, w - 1);
    const ys = axisTaps(oh, (o) => (reversed ? h - 1 - (((o + 0.5) * h) / oh - 0.5) : ((o + 0.5) * h) / oh - 0.5), 0, h - 1);
    const out = resampleWithTaps(src, xs, ys, new Float64Array(ow * oh));
    const d = src.data;
    for (let y = 0; y < oh; y++) {
      const [r0, r1, fy] = [ys.i0[y] * w, ys.i1[y] * w, ys.f[y]];
      for (let x = 0; x < ow; x++) {
        const [x0, x1, fx] = [xs.i0[x], xs.i1[x], xs.f[x]];
        const want = (1 - fy) * ((1 - fx) * d[r0 + x0] + fx * d[r0 + x1]) + fy * ((1 - fx) * d[r1 + x0] + fx * d[r1 + x1]);
        expect(out[y * ow + x]).toBe(want);
      }
    }
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

describe('thresholdWithTaps', () => {
  it('gives the mask of resampling into float32 and comparing, bit for bit, and its size', () => {
    const random = seededRandom(11);
    const src = { width: 13, height: 9, data: Float32Array.from({ length: 13 * 9 }, () => random()) };
    const xs = axisTaps(61, (o) => ((o + 0.5) * 13) / 61 - 0.5, 0, 12);
    const ys = axisTaps(47, (o) => ((o + 0.5) * 9) / 47 - 0.5, 0, 8);
    const values = resampleWithTaps(src, xs, ys, new Float32Array(61 * 47));
    // Thresholds at sampled values themselves: the float32 rounding decides the pixels that equal them.
    for (const threshold of [0.5, values[100], values[2000], Math.fround(0.3)]) {
      const mask = new Uint8Array(61 * 47);
      const count = thresholdWithTaps(src, xs, ys, threshold, mask);
      const want = Uint8Array.from(values, (v) => (v > threshold ? 1 : 0));
      expect(mask).toEqual(want);
      expect(count).toBe(want.reduce((sum, v) => sum + v, 0));
    }
  });
});
