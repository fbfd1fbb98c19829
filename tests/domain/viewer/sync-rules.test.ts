import { describe, expect, it } from 'vitest';
import { relativeIndex } from '../../../src/domain/viewer/sync-rules';

describe('relativeIndex (scroll sync across studies)', () => {
  it.each<[number, number, number, number]>([
    [0, 100, 10, 0],
    [99, 100, 10, 9],
    [50, 101, 11, 5],
    [3, 4, 4, 3],
    [0, 1, 30, 0],
    [5, 10, 1, 0],
    [20, 10, 5, 4],
  ])('image %i of %i, other stack of %i → %i', (index, sourceCount, targetCount, expected) => {
    expect(relativeIndex(index, sourceCount, targetCount)).toBe(expected);
  });
});
