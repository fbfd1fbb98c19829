import type { TriageAiInput, ClinicalClass } from './types';
import type { ModelManifest } from '../ai/manifest';
import type { StudyAiStatus } from '../ai/result/types';

const CLINICAL_CLASSES: readonly string[] = ['critical', 'urgent', 'routine'];

/** A study's AI status as the urgency rules' input (src/domain/triage/urgency.ts): absent until a result exists. */
export function triageAiInput(status: StudyAiStatus | undefined, manifests: readonly ModelManifest[]): TriageAiInput | null {
  if (status?.phase === 'no-model') return { status: 'not-applicable', detail: status.reason };
  if (status?.phase !== 'done') return null;
  const { result } = status;
  if (result.notApplicable) return { status: 'not-applicable', detail: result.notApplicable };
  const classOf = (label: string): ClinicalClass => {
    const stated = manifests.flatMap((m) => m.heads).find((h) => h.clinicalClass?.[label])?.clinicalClass?.[label];
    return stated && CLINICAL_CLASSES.includes(stated) ? (stated as ClinicalClass) : 'routine';
  };
  return {
    status: 'done',
    findings: result.findings.map((f) => ({ label: f.label, probability: f.probability, threshold: f.threshold, clinicalClass: classOf(f.label) })),
  };
}
