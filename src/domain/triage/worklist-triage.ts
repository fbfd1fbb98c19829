/**
 * The urgency rules applied to the worklist: each study's inputs (request priority, arrival,
 * AI result) → its triage result and its rank. Pure; the live wiring is in live.ts.
 */
import { parseDicomDateTime } from '../dicom/date-time';
import { findPriors } from '../priors/prior-lookup';
import type { Study } from '../study/study';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from './config';
import { triageWorklist } from './order';
import type { TriageAiInput, TriageResult } from './types';
import { waitingSince } from './waiting-since';

/**
 * When a study's wait starts, by the index's rule (waiting-since.ts). QIDO does not say when a study
 * reached the PACS, so arrival is taken as `now`: an acquisition within the window counts; an undated,
 * future or older one (a prior, an import) starts waiting now, so it never looks overdue.
 */
export function arrivalTime(study: Pick<Study, 'studyDate' | 'studyTime'>, now: number, config: TriageConfig = DEFAULT_TRIAGE_CONFIG): number {
  return waitingSince(parseDicomDateTime(study.studyDate, study.studyTime), now, config.aging.acquisitionWindowHours).at;
}

type DoneResult = Extract<TriageAiInput, { status: 'done' }>;

/**
 * `aiOf` with each finding's probability on the patient's most recent comparable, dated prior in the worklist
 * that has findings (a prior still waiting for the models is skipped, not counted as negative). The urgency
 * rules turn "positive now, below threshold then" into a new-since-prior reason.
 */
export function withPriorFindings(studies: readonly Study[], aiOf: (uid: string) => TriageAiInput | null): (uid: string) => TriageAiInput | null {
  const byPatient = new Map<string, Study[]>();
  const byUid = new Map<string, Study>();
  for (const study of studies) {
    byUid.set(study.studyInstanceUid, study);
    const id = study.patientID.trim();
    if (!id) continue;
    const exams = byPatient.get(id);
    if (exams) exams.push(study);
    else byPatient.set(id, [study]);
  }
  return (uid) => {
    const ai = aiOf(uid);
    const current = byUid.get(uid);
    if (ai?.status !== 'done' || !current) return ai;
    const { priors } = findPriors(current, byPatient.get(current.patientID.trim()) ?? []);
    const prior = priors
      .filter((entry) => entry.comparable && entry.intervalDays !== undefined)
      .map((entry) => aiOf(entry.study.studyInstanceUid))
      .find((result): result is DoneResult => result?.status === 'done');
    if (!prior) return ai;
    const before = new Map(prior.findings.map((f) => [f.label, f.probability]));
    return { ...ai, findings: ai.findings.map((f) => (before.has(f.label) ? { ...f, priorProbability: before.get(f.label) } : f)) };
  };
}

export interface WorklistTriage {
  results: ReadonlyMap<string, TriageResult>;
  /** 0 = most urgent: the worklist's urgency sort key. */
  ranks: ReadonlyMap<string, number>;
}

export function triageStudies(
  studies: readonly Study[],
  aiOf: (uid: string) => TriageAiInput | null,
  now: number,
  config: TriageConfig = DEFAULT_TRIAGE_CONFIG,
): WorklistTriage {
  const aiWithPriors = withPriorFindings(studies, aiOf);
  const ordered = triageWorklist(
    studies.map((study) => ({
      studyInstanceUid: study.studyInstanceUid,
      arrivedAt: arrivalTime(study, now, config),
      requestPriority: study.priority,
      ai: aiWithPriors(study.studyInstanceUid),
    })),
    now,
    config,
  );
  return {
    results: new Map(ordered.map((r) => [r.studyInstanceUid, r])),
    ranks: new Map(ordered.map((r, i) => [r.studyInstanceUid, i])),
  };
}

/** Flagged = the evidence puts the study above routine (critical or urgent). */
export const isFlagged = (result: TriageResult | undefined) => result?.level === 'critical' || result?.level === 'urgent';

/** Badge tooltip: the reasons that count, one per line (plain text). */
export function reasonsText(result: TriageResult): string {
  return [`${result.level}${result.overdue ? ' (overdue)' : ''}`, ...result.reasons.map((r) => `• ${r.text}`)].join('\n');
}

/** Critical studies that satisfy `when` (unread ones for the count, unacknowledged ones for alerts). */
export function criticalStudies(results: ReadonlyMap<string, TriageResult>, when: (uid: string) => boolean): string[] {
  return [...results.values()].filter((r) => r.level === 'critical' && when(r.studyInstanceUid)).map((r) => r.studyInstanceUid);
}

/** Tab title with the count in front, e.g. "(2) Dokuei". */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}

export interface CriticalQueueEntry {
  /** Patient name, else the StudyInstanceUID. */
  name: string;
  /** The evidence that made it critical, strongest first, e.g. "pneumothorax 0.91 ≥ 0.62 · STAT". */
  why: string;
  /** E.g. "waiting 12 min". */
  waited: string;
}

/** One line of the critical queue. Pure. */
export function criticalQueueEntry(result: TriageResult, study: Pick<Study, 'patientName'> | undefined): CriticalQueueEntry {
  const evidence = result.reasons
    .filter((r) => r.points > 0 && r.kind !== 'waiting' && r.kind !== 'overdue')
    .sort((a, b) => b.points - a.points)
    .map((r) => r.text);
  return {
    name: study?.patientName.trim() || result.studyInstanceUid,
    why: evidence.slice(0, 2).join(' · '),
    waited: `waiting ${Math.floor(result.waitMinutes)} min`,
  };
}
