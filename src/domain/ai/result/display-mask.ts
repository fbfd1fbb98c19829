import { resampleMaskNearest, type SourceMask } from '../postprocess/segmentation';

/**
 * A mask reduced (nearest neighbour) to at most `maxSide` pixels a side for display and caching:
 * the overlay stretches it over the whole image, and lung areas are measured before, at full size.
 */
export function displayMask(mask: SourceMask, maxSide = 512): SourceMask {
  const scale = Math.min(1, maxSide / Math.max(mask.width, mask.height));
  if (scale === 1) return mask;
  return resampleMaskNearest(mask, Math.max(1, Math.round(mask.width * scale)), Math.max(1, Math.round(mask.height * scale)));
}
