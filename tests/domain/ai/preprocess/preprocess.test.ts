import { describe, expect, it } from 'vitest';
import { boxDownsample, boxFactor } from '../../../../src/domain/ai/preprocess/box-downsample';
import { percentileWindow, windowValue } from '../../../../src/domain/ai/preprocess/window';
import { seededRandom } from '../../../../src/domain/ai/eval/seeded-random';
import { isContentPixel, letterboxGeometry, modelToSource, percentileOfSorted, preprocessXr, sourceToModel } from '../../../../src/domain/ai/preprocess';
import type { PreprocessingSpec } from '../../../../src/domain/ai/manifest';

const spec = (size: number): PreprocessingSpec => ({
  id: 'dokuei-xr-v1',
  size,
  window: { method: 'percentile', low: 0.5, high: 99.5 },
  normalize: { mean: 0.5, std: 0.25 },
});

describe('letterbox geometry (values from models/training/preprocess.py)', () => {
  it.each([
    { w: 256, h: 256, s: 224, k: 1, w1: 256, h1: 256, nw: 224, nh: 224, ox: 0, oy: 0 },
    { w: 512, h: 440, s: 224, k: 2, w1: 256, h1: 220, nw: 224, nh: 193, ox: 0, oy: 15 },
    { w: 1955, h: 1841, s: 224, k: 8, w1: 244, h1: 230, nw: 224, nh: 211, ox: 0, oy: 6 },
    { w: 64, h: 64, s: 224, k: 1, w1: 64, h1: 64, nw: 224, nh: 224, ox: 0, oy: 0 },
    { w: 454, h: 373, s: 256, k: 1, w1: 454, h1: 373, nw: 256, nh: 210, ox: 0, oy: 23 },
    { w: 1, h: 300, s: 224, k: 1, w1: 1, h1: 300, nw: 1, nh: 224, ox: 111, oy: 0 },
    { w: 447, h: 223, s: 224, k: 1, w1: 447, h1: 223, nw: 224, nh: 112, ox: 0, oy: 56 },
  ])('$w×$h → $s', ({ w, h, s, ...want }) => {
    const g = letterboxGeometry(w, h, s, boxFactor(w, h, s));
    expect(g).toEqual({ sourceWidth: w, sourceHeight: h, size: s, ...want });
  });

  it('maps model pixels to source pixels and back', () => {
    const g = letterboxGeometry(1955, 1841, 224, 8);
    for (const [u, v] of [
      [0, 6],
      [100, 100],
      [223, 216],
    ]) {
      const p = modelToSource(g, u, v);
      const back = sourceToModel(g, p.x, p.y);
      expect(back.x).toBeCloseTo(u, 10);
      expect(back.y).toBeCloseTo(v, 10);
    }
    // The first content pixel's centre lies inside the first box block (source pixels 0..7).
    const first = modelToSource(g, 0, 6);
    expect(first.x).toBeGreaterThan(0);
    expect(first.x).toBeLessThan(8);
    expect(isContentPixel(g, 10, 5)).toBe(false);
    expect(isContentPixel(g, 10, 6)).toBe(true);
    expect(isContentPixel(g, 10, 6 + 211)).toBe(false);
  });
});

describe('box downsample', () => {
  it('averages k×k blocks and drops the remainder', () => {
    // 5×4 image, k = 2 → 2×2 output; column 4 is dropped.
    const img = [1, 2, 3, 4, 99, 5, 6, 7, 8, 99, 9, 10, 11, 12, 99, 13, 14, 15, 16, 99];
    const r = boxDownsample(img, 5, 4, 2);
    expect([r.width, r.height]).toEqual([2, 2]);
    expect(Array.from(r.data)).toEqual([3.5, 5.5, 11.5, 13.5]);
  });
  it.each([
    { w: 447, h: 100, s: 224, k: 1 },
    { w: 448, h: 100, s: 224, k: 2 },
    { w: 100, h: 2016, s: 224, k: 9 },
  ])('factor of $w×$h at $s is $k', ({ w, h, s, k }) => expect(boxFactor(w, h, s)).toBe(k));
});

describe('percentile window', () => {
  it.each([
    { values: [1, 2, 3, 4], p: 0.5, want: 1.015 },
    { values: [1, 2, 3, 4], p: 50, want: 2.5 },
    { values: [1, 2, 3, 4], p: 99.5, want: 3.985 },
    { values: [7], p: 99.5, want: 7 },
    { values: [1, 2, 3], p: 100, want: 3 },
  ])('P($p) of $values', ({ values, p, want }) => expect(percentileOfSorted(values, p)).toBeCloseTo(want, 12));

  it('sorts before taking percentiles', () => {
    expect(percentileWindow(Float64Array.from([3, 1, 2]), 0.5, 99.5)).toEqual({ lo: 1.01, hi: 2.99 });
  });
  it.each([
    { name: 'few values', n: 3, levels: 0 },
    { name: 'one value', n: 1, levels: 0 },
    { name: 'many ties', n: 5000, levels: 4 },
    { name: 'a 224² canvas of distinct values', n: 224 * 224, levels: 0 },
  ])('selects the same order statistics as a full sort: $name', ({ n, levels }) => {
    const random = seededRandom(n + levels);
    const values = Float64Array.from({ length: n }, () => (levels ? Math.floor(random() * levels) : random() * 4000 - 1000));
    const sorted = Float64Array.from(values).sort();
    for (const [low, high] of [
      [0.5, 99.5],
      [0, 100],
      [50, 50],
      [99.5, 0.5],
    ]) {
      expect(percentileWindow(values, low, high)).toEqual({ lo: percentileOfSorted(sorted, low), hi: percentileOfSorted(sorted, high) });
    }
  });
  it.each([
    { v: 0, want: 0 },
    { v: 5, want: 0.5 },
    { v: 20, want: 1 },
  ])('clamps $v into 0..1', ({ v, want }) => expect(windowValue(v, { lo: 0, hi: 10 })).toBe(want));
  it('maps a flat image to 0', () => expect(windowValue(3, { lo: 3, hi: 3 + 1e-7 })).toBe(0));
});

describe('preprocessXr', () => {
  it('letterboxes, windows, inverts and pads with normalised black', () => {
    // 4×2 ramp at S = 4: content 4×2 at oy = 1; padding is (0 − 0.5)/0.25 = −2.
    const image = { width: 4, height: 2, data: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), invert: false };
    const out = preprocessXr(image, spec(4));
    expect(out.shape).toEqual([1, 1, 4, 4]);
    expect(out.geometry).toMatchObject({ k: 1, nw: 4, nh: 2, ox: 0, oy: 1 });
    expect(Array.from(out.tensor.subarray(0, 4))).toEqual([-2, -2, -2, -2]);
    expect(Array.from(out.tensor.subarray(12, 16))).toEqual([-2, -2, -2, -2]);
    const lo = 0.035;
    const hi = 6.965;
    const unit = (v: number) => Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    Array.from(out.tensor.subarray(4, 12)).forEach((y, i) => expect(y).toBeCloseTo((unit(i) - 0.5) / 0.25, 5));
    const inverted = preprocessXr({ ...image, invert: true }, spec(4));
    Array.from(inverted.tensor.subarray(4, 12)).forEach((y, i) => expect(y).toBeCloseTo((1 - unit(i) - 0.5) / 0.25, 5));
    expect(inverted.tensor[0]).toBe(-2);
  });
  it('refuses another preprocessing id', () => {
    expect(() => preprocessXr({ width: 1, height: 1, data: new Float32Array(1), invert: false }, { ...spec(4), id: 'other' })).toThrow(
      /unsupported preprocessing "other"/,
    );
  });
});
