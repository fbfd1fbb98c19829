/**
 * The reader's decisions on one AI result, as pure data. Every action becomes one assessment SR
 * holding only the decisions it made; the current state of an item is its newest decision, so
 * a later SR supersedes an earlier one without anything being rewritten.
 */
import type { ImageRegion, InstanceReference, PersonName, ReaderDecision, SourceImage } from '../../dicom/sr';
import type { AiFinding, QaFlag, QaFlagKind } from '../../ai/result/types';

/** The AI result SR under review, read from the PACS: what the review panel is given. */
export interface AiResultUnderReview {
  /** The AI result SR itself. */
  sr: InstanceReference;
  /** The image it is about, with the patient/study attributes an assessment SR repeats. */
  source: SourceImage;
  computedAt: Date;
  findings: Array<AiFinding & { trackingUid: string }>;
  qaFlags: QaFlag[];
}

export type Decided = ReaderDecision & { trackingUid: string };

/** One decision as stored (or waiting to be stored) in an assessment SR. */
export interface DecisionRecord {
  decision: Decided;
  reader: PersonName;
  at: Date;
  /** The assessment SR carrying it. */
  sopInstanceUid: string;
  /** The AI result SR it is about. */
  aiResultSopInstanceUid: string;
  pending: boolean;
}

const QA_PREFIX = 'qa-flag:';

/** QA flags are reviewed like findings; the label names the flag (they carry no tracking UID). */
export const qaLabel = (kind: QaFlagKind) => `${QA_PREFIX}${kind}`;
export const isQaLabel = (label: string) => label.startsWith(QA_PREFIX);

/** What a decision is about: an AI finding or an added one by tracking UID, a QA flag by label. */
export function itemKey(decision: Pick<Decided, 'label' | 'trackingUid'>): string {
  return isQaLabel(decision.label) ? decision.label : decision.trackingUid;
}

/** The newest decision per item (records of any order; ties keep the later one in the list). */
export function latestDecisions(records: readonly DecisionRecord[]): Map<string, DecisionRecord> {
  const latest = new Map<string, DecisionRecord>();
  for (const record of records) {
    const key = itemKey(record.decision);
    const known = latest.get(key);
    if (!known || record.at.getTime() >= known.at.getTime()) latest.set(key, record);
  }
  return latest;
}

/** A row of the review panel: an AI finding, a QA flag or a finding the reader added. */
export type ReviewItem =
  | { kind: 'finding'; key: string; finding: AiFinding & { trackingUid: string } }
  | { kind: 'qa-flag'; key: string; flag: QaFlag }
  | { kind: 'added'; key: string; label: string; region?: ImageRegion };

export function reviewItems(result: AiResultUnderReview, latest: ReadonlyMap<string, DecisionRecord>): ReviewItem[] {
  const added = [...latest.entries()].flatMap(([key, record]): ReviewItem[] =>
    record.decision.decision === 'add'
      ? [{ kind: 'added', key, label: record.decision.label, ...(record.decision.region ? { region: record.decision.region } : {}) }]
      : [],
  );
  return [
    ...result.findings.map((finding): ReviewItem => ({ kind: 'finding', key: finding.trackingUid, finding })),
    ...result.qaFlags.map((flag): ReviewItem => ({ kind: 'qa-flag', key: qaLabel(flag.kind), flag })),
    ...added,
  ];
}

/** What the reader did, before it becomes decisions. */
export type ReviewAction =
  | { type: 'accept' }
  | { type: 'reject'; reason?: string }
  | { type: 'edit-region'; region: ImageRegion }
  | { type: 'edit-label'; label: string }
  | { type: 'add'; label: string; region?: ImageRegion; trackingUid: string };

const itemLabel = (item: ReviewItem) => (item.kind === 'finding' ? item.finding.label : item.kind === 'qa-flag' ? item.key : item.label);
const itemUid = (item: ReviewItem, newUid: () => string) => (item.kind === 'qa-flag' ? newUid() : item.key);

/**
 * The decisions one action on one item makes. A new label is a rejection of the AI's label plus
 * a finding the AI missed (the SR's edit decision keeps the label and moves the region).
 */
export function decisionsFor(item: ReviewItem | null, action: ReviewAction, newUid: () => string): Decided[] {
  if (action.type === 'add') {
    return [{ decision: 'add', label: action.label, trackingUid: action.trackingUid, ...(action.region ? { region: action.region } : {}) }];
  }
  if (!item) throw new Error(`${action.type} needs a selected item`);
  const label = itemLabel(item);
  const trackingUid = itemUid(item, newUid);
  switch (action.type) {
    case 'accept':
      return [{ decision: 'accept', label, trackingUid }];
    case 'reject':
      return [{ decision: 'reject', label, trackingUid, ...(action.reason ? { reason: action.reason } : {}) }];
    case 'edit-region':
      return [{ decision: 'edit', label, trackingUid, region: action.region }];
    case 'edit-label': {
      if (item.kind === 'qa-flag') throw new Error('a QA flag has no label to edit');
      const region = item.kind === 'finding' ? item.finding.region : item.region;
      return [
        { decision: 'reject', label, trackingUid, reason: `relabelled as ${action.label}` },
        { decision: 'add', label: action.label, trackingUid: newUid(), ...(region ? { region } : {}) },
      ];
    }
  }
}
