/**
 * A model version's rollout states and the moves between them. `uploaded`: the manifest is accepted,
 * the file is awaited (or was refused, with messages). `validating`: the file is being checked.
 * `shadow`: validated, ready to promote; runs on arrivals beside the active one when an admin sets it running
 * (registry.ts setShadowRun).
 * `active`: what workers and browsers run, one per model id. `retired`: no longer run; a rollback may
 * make it active again.
 */
import type { ModelState } from '../../src/domain/ai/registry';

export { MODEL_STATES, type ModelState } from '../../src/domain/ai/registry';

/** Only validated versions reach retired, so a rollback can never bring back an unchecked file. */
const MOVES: Record<ModelState, readonly ModelState[]> = {
  uploaded: ['validating'],
  // Back to uploaded when the file is refused: a corrected file may be sent for the same manifest.
  validating: ['shadow', 'uploaded'],
  shadow: ['active', 'retired'],
  active: ['retired'],
  retired: ['active'],
};

export const canMove = (from: ModelState, to: ModelState): boolean => MOVES[from].includes(to);

export class StateError extends Error {
  constructor(
    readonly from: ModelState,
    readonly to: ModelState,
  ) {
    super(`a ${from} version cannot become ${to} (allowed: ${MOVES[from].join(', ') || 'none'})`);
    this.name = 'StateError';
  }
}

/** Throws a StateError with the allowed moves when `from → to` is not one. */
export function assertMove(from: ModelState, to: ModelState): void {
  if (!canMove(from, to)) throw new StateError(from, to);
}
