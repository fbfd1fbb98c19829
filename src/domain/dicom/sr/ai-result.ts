/**
 * AI results SR, in the spirit of TID 1500 / IHE AI Results:
 *   Imaging Measurement Report
 *   ├ language, procedure reported          ├ algorithm identification (one per model)
 *   ├ Image Library → the source image      ├ applicability (OOD score, threshold) · QA flags
 *   └ Imaging Measurements → one Measurement Group per finding (tracking id/UID, finding code,
 *     calibrated probability, threshold, call, optional region) and per lung area (site, cm²)
 *   + the lung mask's DICOM SEG (COMPOSITE reference), when it was stored
 */
import type { AiFinding, AiResultContent, AlgorithmIdentification, LungArea, OodState, QaFlag } from '../../ai/result/types';
import { CODES, type Code, findingCode, findingLabel, keyOfCode, QA_FLAGS, SIDES, UNITS } from './codes';
import { codeItem, compositeItem, type ContentItem, container, numItem, regionItem, textItem, uidrefItem } from './content-items';
import { childrenWith, childWith, codeOf, numOf, personNameValue, referencedSopOf, regionIn, required, textOf, uidOf } from './content-read';
import type { NaturalDataset } from './dataset';
import { type BuildOptions, imageLibrary, languageItem, srDocument } from './document';
import type { SourceImage } from './references';
import { newUid } from './uid';

export interface AiResultInput extends AiResultContent {
  source: SourceImage;
}

/** Content as read back: every finding carries its tracking UID. */
export interface ParsedAiResultContent extends AiResultContent {
  findings: Array<AiFinding & { trackingUid: string }>;
  /**
   * The reader whose browser session computed the result (Operators' Name, stamped by the server's
   * gateway on STOW from a reader's session); absent for results of the AI workers.
   */
  computedInSessionOf?: string;
}

function algorithmItem(algorithm: AlgorithmIdentification): ContentItem {
  return container('CONTAINS', CODES.algorithm, [
    textItem('CONTAINS', CODES.algorithmName, algorithm.id),
    textItem('CONTAINS', CODES.algorithmVersion, algorithm.version),
    textItem('CONTAINS', CODES.modelSha256, algorithm.sha256),
  ]);
}

function oodItem(ood: OodState): ContentItem {
  return codeItem('CONTAINS', CODES.applicability, ood.outOfDistribution ? CODES.notApplicable : CODES.applicable, [
    numItem('HAS PROPERTIES', CODES.oodScore, ood.score, UNITS.noUnits),
    numItem('HAS PROPERTIES', CODES.oodThreshold, ood.threshold, UNITS.noUnits),
  ]);
}

function qaFlagItem(flag: QaFlag): ContentItem {
  const detail = flag.detail === undefined ? [] : [textItem('HAS PROPERTIES', CODES.comment, flag.detail)];
  return codeItem('CONTAINS', CODES.qaFlag, QA_FLAGS[flag.kind], detail);
}

function findingGroup(finding: AiFinding & { trackingUid: string }, source: SourceImage): ContentItem {
  return container('CONTAINS', CODES.measurementGroup, [
    textItem('HAS OBS CONTEXT', CODES.trackingIdentifier, finding.label),
    uidrefItem('HAS OBS CONTEXT', CODES.trackingUid, finding.trackingUid),
    codeItem('CONTAINS', CODES.finding, findingCode(finding.label)),
    numItem('CONTAINS', CODES.probability, finding.probability, UNITS.noUnits),
    numItem('CONTAINS', CODES.thresholdValue, finding.threshold, UNITS.noUnits),
    ...(finding.operatingPoint ? [textItem('CONTAINS', CODES.operatingPoint, finding.operatingPoint)] : []),
    codeItem('CONTAINS', CODES.aiCall, finding.positive ? CODES.positive : CODES.negative),
    ...(finding.region ? [regionItem('CONTAINS', finding.region, source)] : []),
  ]);
}

function lungAreaGroup(area: LungArea): ContentItem {
  return container('CONTAINS', CODES.measurementGroup, [
    codeItem('HAS CONCEPT MOD', CODES.findingSite, CODES.lung, [codeItem('HAS CONCEPT MOD', CODES.laterality, SIDES[area.side])]),
    numItem('CONTAINS', CODES.area, area.areaCm2, UNITS.squareCentimeter),
  ]);
}

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/** The lung SEG is in the study of the analysed image (its own series). */
function lungSegItem(source: SourceImage, sopInstanceUid: string): ContentItem {
  return compositeItem('CONTAINS', CODES.lungSegmentation, { ...source, sopClassUid: SEGMENTATION_STORAGE, sopInstanceUid });
}

export function aiResultSr(input: AiResultInput, options: BuildOptions = {}): NaturalDataset {
  const uid = options.newUid ?? newUid;
  const { source } = input;
  const findings = input.findings.map((finding) => ({ ...finding, trackingUid: finding.trackingUid ?? uid() }));
  const content = [
    languageItem(),
    codeItem('HAS CONCEPT MOD', CODES.procedureReported, CODES.plainRadiography),
    imageLibrary(source),
    ...input.algorithms.map(algorithmItem),
    ...(input.ood ? [oodItem(input.ood)] : []),
    ...input.qaFlags.map(qaFlagItem),
    container('CONTAINS', CODES.imagingMeasurements, [...findings.map((finding) => findingGroup(finding, source)), ...input.lungAreas.map(lungAreaGroup)]),
    ...(input.lungSegInstanceUid ? [lungSegItem(source, input.lungSegInstanceUid)] : []),
  ];
  return srDocument({
    kind: 'ai-result',
    source,
    rootConcept: CODES.imagingMeasurementReport,
    content,
    contentAt: input.computedAt,
    evidence: [source],
    sopInstanceUid: uid(),
    seriesInstanceUid: uid(),
  });
}

// ---- reading -------------------------------------------------------------------------------

const requiredNum = (item: ContentItem, concept: Code, what: string) => required(numOf(childWith(item, concept)), what);

function readAlgorithm(item: ContentItem): AlgorithmIdentification {
  return {
    id: required(textOf(childWith(item, CODES.algorithmName)), 'algorithm name'),
    version: required(textOf(childWith(item, CODES.algorithmVersion)), 'algorithm version'),
    sha256: required(textOf(childWith(item, CODES.modelSha256)), 'model sha256'),
  };
}

function readOod(item: ContentItem): OodState {
  const state = required(keyOfCode({ in: CODES.applicable, out: CODES.notApplicable }, codeOf(item)), 'applicability');
  return {
    score: requiredNum(item, CODES.oodScore, 'OOD score'),
    threshold: requiredNum(item, CODES.oodThreshold, 'OOD threshold'),
    outOfDistribution: state === 'out',
  };
}

function readQaFlag(item: ContentItem): QaFlag {
  const kind = required(keyOfCode(QA_FLAGS, codeOf(item)), 'QA flag');
  const detail = textOf(childWith(item, CODES.comment));
  return detail === undefined ? { kind } : { kind, detail };
}

function readFinding(group: ContentItem): AiFinding & { trackingUid: string } {
  const concept = required(codeOf(childWith(group, CODES.finding)), 'finding code');
  const call = required(keyOfCode({ positive: CODES.positive, negative: CODES.negative }, codeOf(childWith(group, CODES.aiCall))), 'AI call');
  const region = regionIn(group);
  const finding = {
    label: required(findingLabel(concept), 'finding label'),
    probability: requiredNum(group, CODES.probability, 'probability'),
    threshold: requiredNum(group, CODES.thresholdValue, 'threshold'),
    positive: call === 'positive',
    trackingUid: required(uidOf(childWith(group, CODES.trackingUid)), 'tracking UID'),
  };
  const operatingPoint = textOf(childWith(group, CODES.operatingPoint));
  const withPoint = operatingPoint === undefined ? finding : { ...finding, operatingPoint };
  return region ? { ...withPoint, region } : withPoint;
}

function readLungArea(group: ContentItem): LungArea {
  const site = required(childWith(group, CODES.findingSite), 'finding site');
  return {
    side: required(keyOfCode(SIDES, codeOf(childWith(site, CODES.laterality))), 'laterality'),
    areaCm2: requiredNum(group, CODES.area, 'lung area'),
  };
}

const isFindingGroup = (group: ContentItem) => childWith(group, CODES.finding) !== undefined;

export function readAiResultContent(root: ContentItem, computedAt: Date): ParsedAiResultContent {
  const measurements = required(childWith(root, CODES.imagingMeasurements), 'Imaging Measurements');
  const groups = childrenWith(measurements, CODES.measurementGroup);
  const ood = childWith(root, CODES.applicability);
  const content: ParsedAiResultContent = {
    computedAt,
    algorithms: childrenWith(root, CODES.algorithm).map(readAlgorithm),
    findings: groups.filter(isFindingGroup).map(readFinding),
    qaFlags: childrenWith(root, CODES.qaFlag).map(readQaFlag),
    lungAreas: groups.filter((group) => !isFindingGroup(group)).map(readLungArea),
  };
  const lungSeg = referencedSopOf(childWith(root, CODES.lungSegmentation))?.sopInstanceUid;
  if (lungSeg) content.lungSegInstanceUid = lungSeg;
  const operator = personNameValue(root.OperatorsName)?.Alphabetic;
  if (operator) content.computedInSessionOf = operator;
  return ood ? { ...content, ood: readOod(ood) } : content;
}
