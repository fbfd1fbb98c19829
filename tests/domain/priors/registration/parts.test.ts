import { describe, expect, it } from 'vitest';
import { highPass } from '../../../../src/domain/priors/registration/high-pass';
import { patternSearch } from '../../../../src/domain/priors/registration/pattern-search';
import { buildPyramid, halveMask, halvePlane } from '../../../../src/domain/priors/registration/pyramid';
import { inverseMap } from '../../../../src/domain/priors/registration/transform';
import { warp } from '../../../../src/domain/priors/registration/warp';

const plane = (width: number, height: number, value: (x: number, y: number) => number) => ({
  width,
  height,
  data: Float32Array.from({ length: width * height }, (_, i) => value(i % width, Math.floor(i / width))),
});

describe('inverseMap', () => {
  it('undoes the forward transform (prior → current) for images of different sizes', () => {
    const t = { tx: 7.5, ty: -3.25, rotationDeg: 12, scale: 1.1 };
    const current = { width: 200, height: 150 };
    const prior = { width: 180, height: 160 };
    const p = { x: 31, y: 97 }; // a prior pixel
    const theta = (t.rotationDeg * Math.PI) / 180;
    const [ux, uy] = [p.x - (prior.width - 1) / 2, p.y - (prior.height - 1) / 2];
    const x = (current.width - 1) / 2 + t.scale * (Math.cos(theta) * ux - Math.sin(theta) * uy) + t.tx;
    const y = (current.height - 1) / 2 + t.scale * (Math.sin(theta) * ux + Math.cos(theta) * uy) + t.ty;
    const m = inverseMap(t, current, prior);
    expect(m.a * x + m.b * y + m.e).toBeCloseTo(p.x, 9);
    expect(m.c * x + m.d * y + m.f).toBeCloseTo(p.y, 9);
  });
});

describe('warp', () => {
  it('shifts by whole pixels exactly and marks what the source does not cover', () => {
    const source = plane(6, 4, (x, y) => 10 * y + x + 1);
    const out = warp(source, { tx: 2, ty: 1, rotationDeg: 0, scale: 1 }, source);
    expect(out.data[1 * 6 + 2]).toBe(1); // (2, 1) ← source (0, 0)
    expect(out.data[3 * 6 + 5]).toBe(24); // (5, 3) ← source (3, 2)
    expect(out.data[0]).toBe(0);
    expect(out.covered[0]).toBe(0);
    expect(out.covered[1 * 6 + 2]).toBe(1);
  });

  it('interpolates bilinearly at half-pixel shifts', () => {
    const ramp = plane(5, 5, (x) => 4 * x);
    const out = warp(ramp, { tx: 0.5, ty: 0, rotationDeg: 0, scale: 1 }, ramp);
    expect(out.data[2 * 5 + 2]).toBeCloseTo(6, 6); // between 4 and 8
  });
});

describe('pyramid', () => {
  it('halves by 2×2 means and stops once the longer side is below twice the coarsest side', () => {
    const half = halvePlane(plane(4, 2, (x) => x));
    expect(Array.from(half.data)).toEqual([0.5, 2.5]);
    const levels = buildPyramid(
      plane(256, 200, () => 0),
      halvePlane,
      32,
    );
    expect(levels.map((l) => `${l.width}x${l.height}`)).toEqual(['256x200', '128x100', '64x50', '32x25']);
  });

  it('keeps a coarse mask pixel when at least half of its fine pixels are inside', () => {
    const mask = { width: 4, height: 2, data: Uint8Array.from([1, 0, 1, 0, 1, 0, 0, 0]) };
    expect(Array.from(halveMask(mask).data)).toEqual([1, 0]);
  });
});

describe('highPass', () => {
  it('removes constants and linear ramps away from the edges, keeps a spike', () => {
    const ramp = highPass(
      plane(9, 9, (x, y) => 3 * x + y + 50),
      1,
    );
    expect(ramp.data[4 * 9 + 4]).toBeCloseTo(0, 4);
    const spike = highPass(
      plane(9, 9, (x, y) => (x === 4 && y === 4 ? 9 : 0)),
      1,
    );
    expect(spike.data[4 * 9 + 4]).toBeCloseTo(8, 4); // 9 − 9/9
    expect(spike.data[4 * 9 + 5]).toBeCloseTo(-1, 4);
    expect(spike.data[0]).toBeCloseTo(0, 4);
  });
});

describe('patternSearch', () => {
  it('climbs to the maximum of a smooth function within the final step', () => {
    const peak = [3.3, -1.7];
    const result = patternSearch((p) => -((p[0] - peak[0]) ** 2) - 2 * (p[1] - peak[1]) ** 2, [0, 0], [1, 1], 4);
    expect(Math.abs(result.params[0] - peak[0])).toBeLessThanOrEqual(1 / 16);
    expect(Math.abs(result.params[1] - peak[1])).toBeLessThanOrEqual(1 / 16);
  });
});
