/** Pure rules of compare-layout synchronization (the Cornerstone side is sync.ts). */

export type SyncKind = 'zoomPan' | 'voi' | 'scroll';

export const SYNC_KINDS: readonly SyncKind[] = ['zoomPan', 'voi', 'scroll'];

/**
 * Scroll sync across studies: the same relative position in the other stack. Image positions cannot be
 * matched (a prior lies in another frame of reference) and the stacks rarely have the same length.
 */
export function relativeIndex(sourceIndex: number, sourceCount: number, targetCount: number): number {
  if (targetCount <= 1 || sourceCount <= 1) return 0;
  const fraction = Math.min(1, Math.max(0, sourceIndex / (sourceCount - 1)));
  return Math.round(fraction * (targetCount - 1));
}
