/**
 * Reader assessment SR: the reader's decision on each AI finding, referencing the AI result
 * SR (COMPOSITE + evidence) and the image. Findings are matched by their tracking UID, so an
 * edited region stays the same finding; a finding the AI missed gets a new tracking UID.
 *   Reader assessment of AI results
 *   ├ language · observer (Person, name) · Image Library · assessed AI result document
 *   └ Measurement Group per decision: tracking id/UID, finding, decision, reason | region
 */
import { CODES, findingCode, findingLabel, keyOfCode, READER_DECISIONS } from './codes';
import { codeItem, compositeItem, type ContentItem, container, pnameItem, regionItem, textItem, uidrefItem } from './content-items';
import { childrenWith, childWith, codeOf, personNameOf, regionIn, required, textOf, uidOf } from './content-read';
import type { NaturalDataset } from './dataset';
import { type BuildOptions, imageLibrary, languageItem, srDocument } from './document';
import { resolveReference } from './document-read';
import type { ImageRegion, InstanceReference, PersonName, SourceImage } from './references';
import { newUid } from './uid';

/** `trackingUid` is the AI finding's; for 'add' it is generated when absent. */
export type ReaderDecision =
  | { decision: 'accept'; label: string; trackingUid: string }
  | { decision: 'reject'; label: string; trackingUid: string; reason?: string }
  | { decision: 'edit'; label: string; trackingUid: string; region: ImageRegion }
  | { decision: 'add'; label: string; trackingUid?: string; region?: ImageRegion };

export interface AssessmentContent {
  reader: PersonName;
  assessedAt: Date;
  /** The AI result SR assessed; in the source image's study. */
  aiResult: InstanceReference;
  decisions: ReaderDecision[];
}

export interface AssessmentInput extends AssessmentContent {
  source: SourceImage;
}

function decisionGroup(decision: ReaderDecision & { trackingUid: string }, source: SourceImage): ContentItem {
  const details: ContentItem[] = [];
  if (decision.decision === 'reject' && decision.reason !== undefined) {
    details.push(textItem('CONTAINS', CODES.rejectionReason, decision.reason));
  }
  if ((decision.decision === 'edit' || decision.decision === 'add') && decision.region) {
    details.push(regionItem('CONTAINS', decision.region, source));
  }
  return container('CONTAINS', CODES.measurementGroup, [
    textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, decision.label),
    uidrefItem('HAS OBS CONTEXT', CODES.trackingUid, decision.trackingUid),
    codeItem('CONTAINS', CODES.finding, findingCode(decision.label)),
    codeItem('CONTAINS', CODES.readerDecision, READER_DECISIONS[decision.decision]),
    ...details,
  ]);
}

export function assessmentSr(input: AssessmentInput, options: BuildOptions = {}): NaturalDataset {
  const uid = options.newUid ?? newUid;
  const { source } = input;
  const decisions = input.decisions.map((decision) => ({ ...decision, trackingUid: decision.trackingUid ?? uid() }));
  const content = [
    languageItem(),
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
    pnameItem('HAS OBS CONTEXT', CODES.personObserverName, input.reader),
    imageLibrary(source),
    compositeItem('CONTAINS', CODES.assessedAiResult, input.aiResult),
    ...decisions.map((decision) => decisionGroup(decision, source)),
  ];
  return srDocument({
    kind: 'assessment',
    source,
    rootConcept: CODES.aiAssessment,
    content,
    contentAt: input.assessedAt,
    evidence: [source, input.aiResult],
    sopInstanceUid: uid(),
    seriesInstanceUid: uid(),
  });
}

// ---- reading -------------------------------------------------------------------------------

export interface ParsedAssessmentContent extends AssessmentContent {
  decisions: Array<ReaderDecision & { trackingUid: string }>;
}

function readDecision(group: ContentItem): ReaderDecision & { trackingUid: string } {
  const decision = required(keyOfCode(READER_DECISIONS, codeOf(childWith(group, CODES.readerDecision))), 'reader decision');
  const label = required(findingLabel(required(codeOf(childWith(group, CODES.finding)), 'finding')), 'finding label');
  const trackingUid = required(uidOf(childWith(group, CODES.trackingUid)), 'tracking UID');
  const region = regionIn(group);
  switch (decision) {
    case 'accept':
      return { decision, label, trackingUid };
    case 'reject': {
      const reason = textOf(childWith(group, CODES.rejectionReason));
      return reason === undefined ? { decision, label, trackingUid } : { decision, label, trackingUid, reason };
    }
    case 'edit':
      return { decision, label, trackingUid, region: required(region, 'edited region') };
    case 'add':
      return region ? { decision, label, trackingUid, region } : { decision, label, trackingUid };
  }
}

export function readAssessmentContent(root: ContentItem, assessedAt: Date, evidence: readonly InstanceReference[]): ParsedAssessmentContent {
  return {
    reader: required(personNameOf(childWith(root, CODES.personObserverName)), 'reader name'),
    assessedAt,
    aiResult: resolveReference(childWith(root, CODES.assessedAiResult), evidence, 'AI result reference'),
    decisions: childrenWith(root, CODES.measurementGroup).map(readDecision),
  };
}
