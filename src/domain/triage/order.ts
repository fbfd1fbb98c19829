import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from './config';
import type { TriageInput, TriageResult, UrgencyLevel } from './types';
import { scoreStudy } from './urgency';

/**
 * The worklist's urgency order, identical to the server's `sort=urgency` (server/worklist/sort-keys.ts,
 * README "Order"): critical first; then overdue studies (waited ≥ aging.capMinutes; longest wait first,
 * whatever their level: the aging guarantee, explained by the 'overdue' reason); then by level
 * (urgent > routine > low) — the level is its own key, so aging points never lift a study above a
 * higher level; then evidence + aging points; then arrival (older first); then StudyInstanceUID.
 * Descending is the exact reverse (the server's dir=desc reverses every key the same way).
 */
const tier = (r: TriageResult) => (r.level === 'critical' ? 2 : r.overdue ? 1 : 0);

export const LEVEL_RANK: Readonly<Record<UrgencyLevel, number>> = { critical: 3, urgent: 2, routine: 1, low: 0 };

/** Past the cap only the wait counts (longest first = earliest arrival), which is what bounds the worst wait. */
const byLevel = (a: TriageResult, b: TriageResult) => (a.overdue ? 0 : LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
const byScore = (a: TriageResult, b: TriageResult) => (a.overdue ? 0 : b.score - a.score);

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Worklist order: a total order (older first, then UID) so the list never shuffles between refreshes. */
export function compareUrgency(a: TriageResult, b: TriageResult): number {
  return tier(b) - tier(a) || byLevel(a, b) || byScore(a, b) || a.arrivedAt - b.arrivedAt || compareCodeUnits(a.studyInstanceUid, b.studyInstanceUid);
}

/** Scores every study at `now` and returns them most urgent first. */
export function triageWorklist(inputs: readonly TriageInput[], now: number, config: TriageConfig = DEFAULT_TRIAGE_CONFIG): TriageResult[] {
  return inputs.map((input) => scoreStudy(input, now, config)).sort(compareUrgency);
}
