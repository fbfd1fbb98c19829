import { describe, expect, it } from 'vitest';
import { pixelSpacingWithSource } from '../../../../src/domain/ai/pixels/attributes';
import { PixelTag } from '../../../../src/domain/ai/pixels/tags';

const ds = (tags: Record<string, string[]>) => Object.fromEntries(Object.entries(tags).map(([tag, Value]) => [tag, { vr: 'DS', Value }]));

describe('pixelSpacingWithSource', () => {
  it('prefers PixelSpacing, keeps DICOM [row, column] order, and says which tag it used', () => {
    expect(pixelSpacingWithSource(ds({ [PixelTag.PixelSpacing]: ['0.2', '0.3'], [PixelTag.ImagerPixelSpacing]: ['0.4', '0.4'] }))).toEqual({
      mm: [0.2, 0.3],
      source: 'PixelSpacing',
    });
    expect(pixelSpacingWithSource(ds({ [PixelTag.ImagerPixelSpacing]: ['0.336', '0.41'] }))).toEqual({ mm: [0.336, 0.41], source: 'ImagerPixelSpacing' });
  });

  it('skips zero or incomplete values and is undefined when nothing is left (uncalibrated)', () => {
    expect(pixelSpacingWithSource(ds({ [PixelTag.PixelSpacing]: ['0', '0'], [PixelTag.ImagerPixelSpacing]: ['0.15', '0.15'] }))?.source).toBe(
      'ImagerPixelSpacing',
    );
    expect(pixelSpacingWithSource(ds({ [PixelTag.PixelSpacing]: ['0.2'] }))).toBeUndefined();
  });
});
