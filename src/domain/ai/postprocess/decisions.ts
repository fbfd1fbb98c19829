import { headName, type Head } from '../manifest';
import { headProbabilities } from './activation';

/** One label of a multi-label (sigmoid) head, decided at the manifest's operating point. */
export interface LabelFinding {
  label: string;
  probability: number;
  /** Absent when the manifest gives no threshold for this label. */
  threshold?: number;
  positive?: boolean;
  operatingPoint?: string;
  clinicalClass?: string;
}

export type HeadResult =
  | { kind: 'multilabel'; head: string; findings: LabelFinding[] }
  /** One-of heads (QA: projection, rotation, flip, body part): the top label and every probability. */
  | { kind: 'oneof'; head: string; label: string; probability: number; probabilities: Record<string, number> };

/** `probability ≥ threshold` is positive, the convention used to choose the operating points. */
export function isPositive(probability: number, threshold: number): boolean {
  return probability >= threshold;
}

export function decideHead(head: Head, logits: ArrayLike<number>): HeadResult {
  const probs = headProbabilities(head, logits);
  const name = headName(head);
  if (head.activation === 'softmax') {
    let best = 0;
    for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
    return {
      kind: 'oneof',
      head: name,
      label: head.labels[best],
      probability: probs[best],
      probabilities: Object.fromEntries(head.labels.map((l, i) => [l, probs[i]])),
    };
  }
  const findings = head.labels.map((label, i): LabelFinding => {
    const th = head.thresholds?.[label];
    const finding: LabelFinding = { label, probability: probs[i] };
    if (th) Object.assign(finding, { threshold: th.value, positive: isPositive(probs[i], th.value), operatingPoint: th.operatingPoint });
    const clinicalClass = head.clinicalClass?.[label];
    if (clinicalClass) finding.clinicalClass = clinicalClass;
    return finding;
  });
  return { kind: 'multilabel', head: name, findings };
}
