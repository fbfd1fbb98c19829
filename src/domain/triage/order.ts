import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from './config';
import type { TriageInput, TriageResult } from './types';
import { scoreStudy } from './urgency';

/** Critical first, then overdue studies, then the rest. */
const tier = (r: TriageResult) => (r.level === 'critical' ? 2 : r.overdue ? 1 : 0);

/** Past the cap only the wait counts (longest first), which is what bounds the worst wait. */
const withinTier = (a: TriageResult, b: TriageResult) => (a.overdue && b.overdue ? 0 : b.score - a.score);

const compareCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Worklist order: a total order (older first, then UID) so the list never shuffles between refreshes. */
export function compareUrgency(a: TriageResult, b: TriageResult): number {
  return (
    tier(b) - tier(a) ||
    withinTier(a, b) ||
    a.arrivedAt - b.arrivedAt ||
    compareCodeUnits(a.studyInstanceUid, b.studyInstanceUid)
  );
}

/** Scores every study at `now` and returns them most urgent first. */
export function triageWorklist(
  inputs: readonly TriageInput[],
  now: number,
  config: TriageConfig = DEFAULT_TRIAGE_CONFIG,
): TriageResult[] {
  return inputs.map((input) => scoreStudy(input, now, config)).sort(compareUrgency);
}
