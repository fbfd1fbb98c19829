import { describe, expect, it } from 'vitest';
import type { SourceMask } from '../../../../src/domain/ai/postprocess/segmentation';
import { lungMaskProblem } from '../../../../src/domain/ai/result/lung-mask-gate';

type Ellipse = { cx: number; cy: number; a: number; b: number };

/** Filled axis-aligned ellipses (semi-axes a × b pixels) on a 400 × 400 film. */
function film(shapes: Ellipse[]): SourceMask {
  const size = 400;
  const data = new Uint8Array(size * size);
  for (const { cx, cy, a, b } of shapes) {
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (((x - cx) / a) ** 2 + ((y - cy) / b) ** 2 <= 1) data[y * size + x] = 1;
  }
  return { width: size, height: size, data };
}

const right: Ellipse = { cx: 120, cy: 200, a: 60, b: 120 };
const left: Ellipse = { cx: 280, cy: 210, a: 55, b: 125 };
const speck = (cx: number, cy: number): Ellipse => ({ cx, cy, a: 6, b: 6 });

describe('lungMaskProblem: per-side areas only for two plausible lungs', () => {
  it('passes two lungs side by side, also with a few specks', () => {
    expect(lungMaskProblem(film([right, left]))).toBeUndefined();
    expect(lungMaskProblem(film([right, left, speck(200, 380), speck(20, 20)]))).toBeUndefined();
  });

  it('says why a mask fails', () => {
    expect(lungMaskProblem(film([]))).toBe('no lung found');
    expect(lungMaskProblem(film([right]))).toBe('1 main lung region instead of 2');
    // Left lung cut in two by a missed band: three main regions.
    const upper = { ...left, cy: 140, b: 55 };
    const lower = { ...left, cy: 280, b: 55 };
    expect(lungMaskProblem(film([right, upper, lower]))).toBe('3 main lung regions instead of 2');
    // A left lung a third the size of the right one (what a mask leaking into the heart or missing a lung gives).
    expect(lungMaskProblem(film([right, { ...left, a: 30, b: 75 }]))).toBe('one lung region is 31 % of the other');
    // Two regions one above the other: one lung cut across, not two lungs.
    expect(
      lungMaskProblem(
        film([
          { ...right, cy: 90, b: 60 },
          { ...right, cy: 300, b: 60 },
        ]),
      ),
    ).toMatch(/one side|side by side/);
  });

  it('fails a fragmented mask: many pieces each below the speck size', () => {
    // 48 pieces of 113 px in two rows below the lungs: 12 % of the lung pixels.
    const pieces = Array.from({ length: 48 }, (_, i) => speck(15 + 16 * (i % 24), i < 24 ? 360 : 385));
    expect(lungMaskProblem(film([right, left, ...pieces]))).toBe('the mask is fragmented');
  });
});
