import type { PixelSpacingMm } from '../ai/image';
import type { SourceMask } from '../ai/postprocess/segmentation';
import type { LungArea } from '../reporting/sr';

/**
 * Lung areas per side. On a frontal film in standard display the patient's right lung is on the
 * image's left, so the mask is split at its horizontal centroid; both sides plus the total.
 */
export function lungAreas(mask: SourceMask, spacing: PixelSpacingMm | undefined): LungArea[] {
  if (!spacing) return [];
  const { width, height, data } = mask;
  let count = 0;
  let sumX = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[y * width + x]) { count++; sumX += x; }
  if (count === 0) return [];
  const split = sumX / count;
  let imageLeft = 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width && x < split; x++) imageLeft += data[y * width + x];
  const cm2 = (pixels: number) => (pixels * spacing[0] * spacing[1]) / 100;
  return [
    { side: 'right', areaCm2: cm2(imageLeft) },
    { side: 'left', areaCm2: cm2(count - imageLeft) },
    { side: 'both', areaCm2: cm2(count) },
  ];
}
