import { describe, expect, it } from 'vitest';
import { maskComponents, type MaskComponent } from '../../../../src/domain/ai/postprocess/components';
import type { SourceMask } from '../../../../src/domain/ai/postprocess/segmentation';

/** The oracle: a plain 4-connected flood fill from each unvisited pixel in raster order. */
function floodFill({ width, height, data }: SourceMask): MaskComponent[] {
  const seen = new Uint8Array(data.length);
  const found: MaskComponent[] = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || seen[start]) continue;
    const c = { pixels: 0, sumX: 0, top: height, bottom: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const [x, y] = [i % width, Math.floor(i / width)];
      Object.assign(c, { pixels: c.pixels + 1, sumX: c.sumX + x, top: Math.min(c.top, y), bottom: Math.max(c.bottom, y) });
      const next = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
      for (const j of next) {
        if (j < 0 || !data[j] || seen[j]) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
    found.push(c);
  }
  return found;
}

function mask(rows: string[]): SourceMask {
  const data = Uint8Array.from(rows.join('').split(''), (ch) => (ch === '#' ? 1 : 0));
  return { width: rows[0].length, height: rows.length, data };
}

describe('maskComponents', () => {
  it('joins runs that meet only further down (a U), and keeps diagonal neighbours apart', () => {
    const u = mask(['#..#.#', '#..#..', '####.#', '.....#']);
    expect(maskComponents(u)).toEqual([
      { pixels: 8, sumX: 12, top: 0, bottom: 2 },
      { pixels: 1, sumX: 5, top: 0, bottom: 0 },
      { pixels: 2, sumX: 10, top: 2, bottom: 3 },
    ]);
    expect(maskComponents(mask(['#.', '.#']))).toHaveLength(2);
    expect(maskComponents(mask(['....']))).toEqual([]);
  });

  it('agrees with a flood fill on random masks of every density, in the same order', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const density of [0.1, 0.4, 0.55, 0.7, 0.95]) {
      for (const [width, height] of [
        [1, 30],
        [30, 1],
        [37, 23],
        [64, 64],
      ]) {
        const data = Uint8Array.from({ length: width * height }, () => (random() < density ? 1 : 0));
        const m = { width, height, data };
        expect(maskComponents(m)).toEqual(floodFill(m));
      }
    }
  });
});
