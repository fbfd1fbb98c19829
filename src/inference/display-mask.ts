import type { SourceMask } from '../ai/postprocess/segmentation';

/**
 * A mask reduced (nearest neighbour) to at most `maxSide` pixels a side for display and caching:
 * the overlay stretches it over the whole image, and lung areas are measured before, at full size.
 */
export function displayMask(mask: SourceMask, maxSide = 512): SourceMask {
  const scale = Math.min(1, maxSide / Math.max(mask.width, mask.height));
  if (scale === 1) return mask;
  const width = Math.max(1, Math.round(mask.width * scale));
  const height = Math.max(1, Math.round(mask.height * scale));
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / width));
      data[y * width + x] = mask.data[sy * mask.width + sx];
    }
  }
  return { width, height, data };
}
