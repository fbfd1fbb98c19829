/**
 * The AI summary kept in worklist.ai_summary (src/domain/study/index-row.ts AiSummary), built by the
 * worker (or the reindex from a stored SR). Pure.
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { triageAiInput } from '../../src/domain/triage/urgency-input';
import type { AiSummary } from '../../src/domain/study/index-row';
import type { TriageAiInput } from '../../src/domain/triage/types';

/** A computed (or read-back) result as the row's summary; the clinical classes come from the manifests. */
export function summaryFromResult(result: StudyAiResult, manifests: readonly ModelManifest[]): AiSummary {
  const input = triageAiInput({ phase: 'done', result }, manifests);
  const classes = new Map(input?.status === 'done' ? input.findings.map((f) => [f.label, f.clinicalClass]) : []);
  const findings = result.findings.map((f) => ({
    label: f.label,
    probability: f.probability,
    threshold: f.threshold,
    positive: f.positive,
    clinicalClass: classes.get(f.label) ?? 'routine',
  }));
  const summary: AiSummary = {
    status: result.notApplicable ? 'not-applicable' : 'done',
    modelKey: result.modelKey,
    computedAt: result.computedAt,
    findings,
    positives: findings
      .filter((f) => f.positive)
      .sort((a, b) => b.probability - b.threshold - (a.probability - a.threshold))
      .map((f) => f.label),
    qaFlags: result.qaFlags,
    lungAreas: result.lungAreas,
  };
  if (result.notApplicable) summary.detail = result.notApplicable;
  if (result.srInstanceUid) summary.srInstanceUid = result.srInstanceUid;
  if (result.segInstanceUid) summary.segInstanceUid = result.segInstanceUid;
  return summary;
}

/** No chest image to analyse (CT, MR, a hand film): the models do not apply. */
export function noModelSummary(reason: string, modelKey: string | null, at = new Date()): AiSummary {
  return { status: 'no-model', modelKey, computedAt: at.toISOString(), findings: [], positives: [], detail: reason, qaFlags: [], lungAreas: [] };
}

/** The urgency rules' AI input (src/domain/triage/types TriageAiInput); null = no usable result yet. */
export function triageInputOf(summary: AiSummary | null | undefined): TriageAiInput | null {
  if (!summary || summary.status === 'failed') return null;
  if (summary.status !== 'done') return { status: 'not-applicable', ...(summary.detail ? { detail: summary.detail } : {}) };
  return {
    status: 'done',
    findings: summary.findings.map((f) => ({ label: f.label, probability: f.probability, threshold: f.threshold, clinicalClass: f.clinicalClass })),
  };
}

/** QA flags as the human-readable lines the urgency rules score. */
export const qaTextsOf = (summary: AiSummary | null | undefined): string[] =>
  summary?.status === 'done' || summary?.status === 'not-applicable' ? summary.qaFlags.map((f) => f.detail ?? f.kind) : [];

export const isFlagged = (summary: AiSummary | null | undefined): boolean => (summary?.positives.length ?? 0) > 0;
