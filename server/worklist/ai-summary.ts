/**
 * The AI summary kept in worklist.ai_summary: what a reader needs in the list (findings with their
 * operating points, positives, QA flags, applicability) plus the UIDs of the SR/SEG holding the
 * full result. Pure; built by the worker (or the reindex from a stored SR).
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { triageAiInput } from '../../src/domain/triage/urgency-input';
import type { LungArea, QaFlag } from '../../src/domain/ai/result/types';
import type { TriageAiInput, ClinicalClass } from '../../src/domain/triage/types';

export type AiStatus = 'pending' | 'done' | 'not-applicable' | 'no-model' | 'failed';

export interface AiSummaryFinding {
  label: string;
  probability: number;
  threshold: number;
  positive: boolean;
  clinicalClass: ClinicalClass;
}

export interface AiSummary {
  status: Exclude<AiStatus, 'pending'>;
  /** src/domain/ai/result/model-key.ts modelKey of the builds that ran; null when no model applied. */
  modelKey: string | null;
  /** ISO 8601. */
  computedAt: string;
  findings: AiSummaryFinding[];
  /** Labels of the positive findings, strongest first: the list's one-line summary. */
  positives: string[];
  /** Why not applicable / no model / failed. */
  detail?: string;
  qaFlags: QaFlag[];
  lungAreas: LungArea[];
  srInstanceUid?: string;
  segInstanceUid?: string;
}

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
