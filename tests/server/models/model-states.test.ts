/** The rollout state machine: every move a version may make, and the message for one it may not. */
import { describe, expect, it } from 'vitest';
import { assertMove, canMove, MODEL_STATES, type ModelState } from '../../../server/models/model-states';

const ALLOWED: [ModelState, ModelState][] = [
  ['uploaded', 'validating'],
  ['validating', 'shadow'],
  ['validating', 'uploaded'],
  ['shadow', 'active'],
  ['shadow', 'retired'],
  ['active', 'retired'],
  ['retired', 'active'],
];

describe('model version states', () => {
  it.each(MODEL_STATES.flatMap((from) => MODEL_STATES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const allowed = ALLOWED.some(([a, b]) => a === from && b === to);
    expect(canMove(from, to)).toBe(allowed);
  });

  it('never lets an unvalidated upload become active or retired', () => {
    expect(() => assertMove('uploaded', 'active')).toThrow('a uploaded version cannot become active (allowed: validating)');
    expect(() => assertMove('uploaded', 'retired')).toThrow(/cannot become retired/);
  });
});
