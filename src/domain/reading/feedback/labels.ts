/**
 * Reader feedback → reader-confirmed labels of one image. Pure: the same SRs give the same labels.
 * A decision means what the review panel and the report draft make of it: accept, region edit and
 * add say the finding is present (1), reject says it is absent (0), whatever the AI's call was.
 * Only the newest decision per reviewed item counts (a later assessment supersedes an earlier
 * one), then the newest item per label (e.g. a relabelled finding: rejected + added elsewhere).
 */
import { type DecisionRecord, isQaLabel, latestDecisions } from '../review/decisions';
import type { ImageRegion, PersonName, ReaderDecision } from '../../dicom/sr';
import type { AiFinding } from '../../ai/result/types';

export type DecisionKind = ReaderDecision['decision'];
export const DECISION_KINDS: readonly DecisionKind[] = ['accept', 'reject', 'edit', 'add'];

/** One AI result SR of the image: the model that wrote it and its findings. */
export interface JudgedResult {
  sopInstanceUid: string;
  /** "id@version" (several joined with " + "). */
  model: string;
  findings: ReadonlyArray<AiFinding & { trackingUid: string }>;
}

/** Who decided, as a role: the reader's name never leaves this module. */
export type ReaderRole = 'reader' | 'signing-radiologist';

export interface LabelOutcome {
  label: string;
  value: 0 | 1;
  decision: DecisionKind;
  at: Date;
  role: ReaderRole;
  /** Of the AI finding judged; absent for a finding the reader added. */
  model?: string;
  aiProbability?: number;
  /** A box in source pixels: the reader's (edit, add) or the AI's one the reader accepted. */
  box?: Extract<ImageRegion, { kind: 'box' }>;
}

export interface ImageLabels {
  /** By label, sorted by label. */
  labels: LabelOutcome[];
  /** QA flags the reader accepted (e.g. "rotated"): the image really is so. */
  qaConfirmed: string[];
  /** Newest decisions per reviewed item, by kind (QA flags included). */
  decisions: Record<DecisionKind, number>;
}

const sameName = (a: PersonName, b: PersonName) => (a.Alphabetic ?? '').trim() !== '' && a.Alphabetic?.trim() === b.Alphabetic?.trim();

/** The signing radiologist is the reader who also signed a verified report of the study. */
export function readerRole(reader: PersonName, reportSigners: readonly PersonName[]): ReaderRole {
  return reportSigners.some((signer) => sameName(signer, reader)) ? 'signing-radiologist' : 'reader';
}

const asBox = (region: ImageRegion | undefined) => (region?.kind === 'box' ? region : undefined);

function outcome(record: DecisionRecord, results: readonly JudgedResult[], role: ReaderRole): LabelOutcome {
  const { decision } = record;
  const result = results.find((r) => r.sopInstanceUid === record.aiResultSopInstanceUid);
  const finding = decision.decision === 'add' ? undefined : result?.findings.find((f) => f.trackingUid === decision.trackingUid);
  const region = decision.decision === 'edit' || decision.decision === 'add' ? decision.region : decision.decision === 'accept' ? finding?.region : undefined;
  const box = asBox(region);
  return {
    label: decision.label,
    value: decision.decision === 'reject' ? 0 : 1,
    decision: decision.decision,
    at: record.at,
    role,
    ...(finding && result ? { model: result.model, aiProbability: finding.probability } : {}),
    ...(box ? { box } : {}),
  };
}

export function imageLabels(results: readonly JudgedResult[], records: readonly DecisionRecord[], reportSigners: readonly PersonName[] = []): ImageLabels {
  const decisions: Record<DecisionKind, number> = { accept: 0, reject: 0, edit: 0, add: 0 };
  const qaConfirmed: string[] = [];
  const byLabel = new Map<string, LabelOutcome>();
  const latest = [...latestDecisions(records).values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const record of latest) {
    decisions[record.decision.decision] += 1;
    if (isQaLabel(record.decision.label)) {
      if (record.decision.decision === 'accept') qaConfirmed.push(record.decision.label.slice(record.decision.label.indexOf(':') + 1));
      continue;
    }
    byLabel.set(record.decision.label, outcome(record, results, readerRole(record.reader, reportSigners)));
  }
  return {
    labels: [...byLabel.values()].sort((a, b) => a.label.localeCompare(b.label)),
    qaConfirmed: qaConfirmed.sort(),
    decisions,
  };
}
