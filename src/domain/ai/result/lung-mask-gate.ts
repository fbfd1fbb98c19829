import { maskComponents } from '../postprocess/components';
import type { SourceMask } from '../postprocess/segmentation';
import { mediastinumColumn } from './lung-areas';

/**
 * Below these shares of the lung pixels a component is a speck, and all specks together may be no more.
 * On the 159 V7 training masks (cxr_covid_ieee8023) every mask is two lungs plus at most one 4 % piece.
 */
const SPECK = 0.05;
const SPECKS_TOTAL = 0.1;
/** Smaller lung / larger lung: 0.62 at the lowest on the V7 masks; a mask that missed a lung is far below. */
const MIN_BALANCE = 0.5;
/** Shared row range of the two lungs, as a share of the shorter one's: lungs sit side by side. */
const MIN_ROW_OVERLAP = 0.5;

/**
 * Whether a lung mask is two plausible lungs, so that per-side areas (and their ratio) mean something:
 * two main components (specks aside), one each side of the mediastinum, of comparable size and side by side.
 * Returns why not, or undefined when the mask passes. `split`: the mask's mediastinumColumn, when already known.
 */
export function lungMaskProblem(mask: SourceMask, split = mediastinumColumn(mask)): string | undefined {
  const all = maskComponents(mask);
  const total = all.reduce((sum, c) => sum + c.pixels, 0);
  if (total === 0) return 'no lung found';
  const main = all.filter((c) => c.pixels >= SPECK * total).sort((a, b) => b.pixels - a.pixels);
  if (main.length !== 2) return `${main.length} main lung region${main.length === 1 ? '' : 's'} instead of 2`;
  const [large, small] = main;
  if (total - large.pixels - small.pixels > SPECKS_TOTAL * total) return 'the mask is fragmented';
  if (large.sumX / large.pixels < split === small.sumX / small.pixels < split) return 'both regions lie on one side';
  if (small.pixels < MIN_BALANCE * large.pixels) return `one lung region is ${Math.round((100 * small.pixels) / large.pixels)} % of the other`;
  const overlap = Math.min(large.bottom, small.bottom) - Math.max(large.top, small.top) + 1;
  const shorter = Math.min(large.bottom - large.top, small.bottom - small.top) + 1;
  if (overlap < MIN_ROW_OVERLAP * shorter) return 'the two regions are not side by side';
  return undefined;
}
