import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/domain/ai/eval/seeded-random';
import { eceFloor } from '../../tools/models-points/ece-floor';

describe('ECE noise floor (npm run models:ece-floor)', () => {
  it('is 0 for certain probabilities: every drawn label agrees with them', () => {
    expect(eceFloor([0, 0, 1, 1, 1], 50, seededRandom(1))).toBe(0);
  });

  it('is E|k/n − 1/2| for n films at p = 0.5 (one bin): ≈ sqrt(1/(2πn)), 0.040 at n = 100', () => {
    const floor = eceFloor(new Array<number>(100).fill(0.5), 500, seededRandom(1));
    expect(floor).toBeCloseTo(Math.sqrt(1 / (2 * Math.PI * 100)), 2);
    expect(eceFloor(new Array<number>(100).fill(0.5), 500, seededRandom(1))).toBe(floor);
  });
});
