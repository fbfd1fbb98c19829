/**
 * The evidence part of src/domain/triage/urgency.ts, computed once per change (arrival, priority, AI
 * result) and stored: level, evidence points and reasons. Waiting time is added at query time
 * (query-sql.ts) so rows never need rewriting as time passes.
 */
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import type { TriageReason } from '../../src/domain/triage/types';
import { scoreStudy } from '../../src/domain/triage/urgency';
import { qaTextsOf, triageInputOf } from './ai-summary';
import type { AiSummary } from '../../src/domain/study/index-row';
import { levelNumber } from './levels';

export interface StoredUrgency {
  /** worklist.urgency_level: 0 low … 3 critical. */
  level: number;
  /** Evidence points (no waiting time). */
  score: number;
  reasons: TriageReason[];
}

/** The AI input with each finding's probability on the patient's prior exam, as the browser scores it. */
function withPrior(ai: AiSummary | null | undefined, prior: AiSummary | null | undefined) {
  const input = triageInputOf(ai);
  if (!input || input.status !== 'done' || !prior || prior.status !== 'done') return input;
  const before = new Map(prior.findings.map((f) => [f.label, f.probability]));
  return { ...input, findings: input.findings.map((f) => (before.has(f.label) ? { ...f, priorProbability: before.get(f.label) } : f)) };
}

export function evidenceUrgency(
  priority: string | null | undefined,
  ai: AiSummary | null | undefined,
  config: TriageConfig = DEFAULT_TRIAGE_CONFIG,
  prior?: AiSummary | null,
): StoredUrgency {
  // Scored at its own arrival time: no waiting points, no overdue mark; those belong to the query.
  const result = scoreStudy({ studyInstanceUid: '', arrivedAt: 0, requestPriority: priority, ai: withPrior(ai, prior), qaFlags: qaTextsOf(ai) }, 0, config);
  const reasons = result.reasons.filter((r) => r.kind !== 'waiting' && r.kind !== 'overdue');
  return { level: levelNumber(result.level), score: result.score, reasons };
}
