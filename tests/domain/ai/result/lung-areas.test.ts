import { describe, expect, it } from 'vitest';
import type { SourceMask } from '../../../../src/domain/ai/postprocess/segmentation';
import { displayMask } from '../../../../src/domain/ai/result/display-mask';
import { labelLungs, LUNG_SEGMENT, lungAreas, mediastinumColumn } from '../../../../src/domain/ai/result/lung-areas';

/** Two blocks: 2×3 pixels on the image's left (patient's right), 1×3 on its right. */
function mask() {
  const width = 6;
  const height = 3;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    data[y * width] = 1;
    data[y * width + 1] = 1;
    data[y * width + 5] = 1;
  }
  return { width, height, data };
}

/** Two filled axis-aligned ellipses (semi-axes a × b pixels) centred at (cx, cy): a film's lungs. */
function ellipses(width: number, height: number, shapes: Array<{ cx: number; cy: number; a: number; b: number }>): SourceMask {
  const data = new Uint8Array(width * height);
  for (const { cx, cy, a, b } of shapes) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 <= 1) data[y * width + x] = 1;
    }
  }
  return { width, height, data };
}

describe('lung labelmap and areas', () => {
  it('labels the image left as the patient right and gives per-side areas', () => {
    const labels = labelLungs(mask());
    expect([...labels.data.subarray(0, 6)]).toEqual([LUNG_SEGMENT.right, LUNG_SEGMENT.right, 0, 0, 0, LUNG_SEGMENT.left]);
    // 0.5 mm × 2 mm pixels = 0.01 cm² each.
    expect(lungAreas(labels, [0.5, 2])).toEqual([
      { side: 'right', areaCm2: 0.06 },
      { side: 'left', areaCm2: 0.03 },
      { side: 'both', areaCm2: 0.09 },
    ]);
  });

  it('splits a PA film at the mediastinum, not at the centroid, and measures adult-sized lungs', () => {
    // 1024² at 0.4 mm (a 41 cm film, as the NIH sample): right lung 120 × 300 px semi-axes wider than the left.
    const right = { cx: 330, cy: 480, a: 150, b: 300 };
    const left = { cx: 700, cy: 500, a: 120, b: 280 };
    const film = ellipses(1024, 1024, [right, left]);
    const split = mediastinumColumn(film);
    expect(split).toBeGreaterThan(right.cx + right.a);
    expect(split).toBeLessThan(left.cx - left.a);
    const [r, l, both] = lungAreas(labelLungs(film), [0.4, 0.4]).map((a) => a.areaCm2);
    const ellipseCm2 = (e: typeof right) => (Math.PI * e.a * e.b * 0.4 * 0.4) / 100;
    expect(r).toBeCloseTo(ellipseCm2(right), 0);
    expect(l).toBeCloseTo(ellipseCm2(left), 0);
    expect(both).toBeCloseTo(r + l, 6);
    for (const side of [r, l]) {
      expect(side).toBeGreaterThan(150);
      expect(side).toBeLessThan(300);
    }
  });

  it('uses the row and column spacing of the image (anisotropic pixels)', () => {
    const [, , both] = lungAreas(labelLungs(mask()), [0.3, 0.5]);
    expect(both.areaCm2).toBeCloseTo((9 * 0.3 * 0.5) / 100, 10);
  });

  it('gives no areas without a pixel spacing or without lung', () => {
    expect(lungAreas(labelLungs(mask()), undefined)).toEqual([]);
    expect(lungAreas({ width: 2, height: 2, data: new Uint8Array(4) }, [1, 1])).toEqual([]);
  });
});

describe('displayMask', () => {
  it('keeps small masks and shrinks large ones by nearest neighbour', () => {
    const small = mask();
    expect(displayMask(small)).toBe(small);
    const shrunk = displayMask(small, 3);
    expect([shrunk.width, shrunk.height]).toEqual([3, 2]);
    // Source columns 1, 3, 5 of rows 0 and 2 (nearest to the output centres): lung, background, lung.
    expect([...shrunk.data]).toEqual([1, 0, 1, 1, 0, 1]);
  });
});
