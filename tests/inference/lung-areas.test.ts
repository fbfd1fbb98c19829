import { describe, expect, it } from 'vitest';
import { displayMask } from '../../src/inference/display-mask';
import { lungAreas } from '../../src/inference/lung-areas';

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

describe('lungAreas', () => {
  it('splits at the centroid: image left is the patient right', () => {
    // 0.5 mm × 2 mm pixels = 0.01 cm² each.
    expect(lungAreas(mask(), [0.5, 2])).toEqual([
      { side: 'right', areaCm2: 0.06 },
      { side: 'left', areaCm2: 0.03 },
      { side: 'both', areaCm2: 0.09 },
    ]);
  });

  it('gives no areas without a pixel spacing or without lung', () => {
    expect(lungAreas(mask(), undefined)).toEqual([]);
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
