import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from './config';
import {
  REQUEST_PRIORITIES,
  type TriageFinding,
  type TriageAiInput,
  type RequestPriority,
  type TriageInput,
  type TriageReason,
  type TriageResult,
  type UrgencyLevel,
} from './types';

const MS_PER_MINUTE = 60_000;

const formatProbability = (p: number) => p.toFixed(2);

/** At the threshold counts as positive, as the manifest's operating point is defined. */
const isPositive = (f: TriageFinding) => f.probability >= f.threshold;

const isNewSincePrior = (f: TriageFinding) => f.priorProbability !== undefined && f.priorProbability < f.threshold;

/** How far above its threshold a probability is, 0 at the threshold and 1 at certainty. */
function margin(f: TriageFinding): number {
  if (f.threshold >= 1) return 0;
  return Math.min(1, (f.probability - f.threshold) / (1 - f.threshold));
}

/** Only the strongest finding (and the strongest new one) scores, so many weak findings never add up to a level. */
function aiReasons(ai: TriageAiInput | null | undefined, config: TriageConfig): TriageReason[] {
  const unassessed = config.ai.unassessedPoints;
  if (!ai) return [{ kind: 'ai', text: 'no AI result', points: unassessed }];
  if (ai.status === 'not-applicable') {
    const text = ai.detail ? `AI not applicable: ${ai.detail}` : 'AI not applicable';
    return [{ kind: 'ai', text, points: unassessed }];
  }
  const positives = ai.findings
    .filter(isPositive)
    .map((f) => ({ f, points: config.findings.classPoints[f.clinicalClass] + config.findings.marginPoints * margin(f) }))
    .sort((a, b) => b.points - a.points);
  const findings = positives.map(({ f, points }, i): TriageReason => ({
    kind: 'finding',
    text: `${f.label} ${formatProbability(f.probability)} ≥ ${formatProbability(f.threshold)}`,
    points: i === 0 ? points : 0,
  }));
  const fresh = positives
    .filter(({ f }) => isNewSincePrior(f))
    .map(({ f }, i): TriageReason => ({
      kind: 'new-since-prior',
      text: `${f.label} new since prior (${formatProbability(f.priorProbability!)} → ${formatProbability(f.probability)})`,
      points: i === 0 ? config.findings.newSincePriorPoints : 0,
    }));
  return [...findings, ...fresh];
}

const isRequestPriority = (value: string): value is RequestPriority => (REQUEST_PRIORITIES as readonly string[]).includes(value);

function priorityReason(raw: string | null | undefined, config: TriageConfig): TriageReason {
  const missing = config.requestPriority.missing;
  const value = raw?.trim().toUpperCase();
  if (!value) return { kind: 'priority', text: 'no request priority', points: missing };
  if (!isRequestPriority(value)) {
    return { kind: 'priority', text: `unknown request priority "${raw!.trim()}"`, points: missing };
  }
  const text = value === 'STAT' ? 'STAT' : `priority ${value}`;
  return { kind: 'priority', text, points: config.requestPriority[value] };
}

function levelOf(points: number, levels: TriageConfig['levels']): UrgencyLevel {
  if (points >= levels.critical) return 'critical';
  if (points >= levels.urgent) return 'urgent';
  if (points >= levels.routine) return 'routine';
  return 'low';
}

const sumPoints = (reasons: TriageReason[]) => reasons.reduce((total, r) => total + r.points, 0);

/**
 * Urgency of one study at time `now`. The level comes from the evidence alone; waiting adds
 * `aging.pointsPerMinute` and, past `aging.capMinutes`, marks the study overdue so that no study
 * waits unboundedly behind a stream of AI-flagged ones.
 */
export function scoreStudy(input: TriageInput, now: number, config: TriageConfig = DEFAULT_TRIAGE_CONFIG): TriageResult {
  const evidence = [
    ...aiReasons(input.ai, config),
    priorityReason(input.requestPriority, config),
    ...(input.qaFlags ?? []).map((flag): TriageReason => ({ kind: 'qa', text: `QA: ${flag}`, points: config.qa.pointsPerFlag })),
  ];
  const evidencePoints = sumPoints(evidence);
  const level = levelOf(evidencePoints, config.levels);
  const waitMinutes = Math.max(0, (now - input.arrivedAt) / MS_PER_MINUTE);
  const agingPoints = config.aging.pointsPerMinute * waitMinutes;
  const overdue = level !== 'critical' && waitMinutes >= config.aging.capMinutes;
  const reasons: TriageReason[] = [...evidence, { kind: 'waiting', text: `waiting ${Math.floor(waitMinutes)} min`, points: agingPoints }];
  if (overdue) reasons.push({ kind: 'overdue', text: `waiting ≥ ${config.aging.capMinutes} min: promoted`, points: 0 });
  return {
    studyInstanceUid: input.studyInstanceUid,
    arrivedAt: input.arrivedAt,
    level,
    score: evidencePoints + agingPoints,
    overdue,
    waitMinutes,
    reasons,
  };
}
