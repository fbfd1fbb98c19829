import { ece } from '../../src/domain/ai/eval/metrics';
import type { Random } from '../../src/domain/ai/eval/seeded-random';

/**
 * The ECE a perfectly calibrated model would show on these films: the mean ECE over `draws` label sets drawn
 * from the probabilities themselves (label ~ Bernoulli(p)). A measured ECE at this floor is sampling noise.
 */
export function eceFloor(probs: readonly number[], draws: number, random: Random): number {
  let total = 0;
  for (let d = 0; d < draws; d++) {
    const drawn = probs.map((p) => random() < p);
    total += ece(probs, drawn) ?? 0;
  }
  return total / draws;
}
