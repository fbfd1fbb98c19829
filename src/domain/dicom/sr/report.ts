/**
 * Structured report SR (TID 2000 style sections), a draft until signed off:
 *   Diagnostic Imaging Report
 *   ├ language · observer (Person, author name) · Image Library
 *   ├ Prior Procedure Descriptions: comparison study UID, date, note
 *   ├ Findings: Finding (TEXT, or CODE with a Comment) · measurements (NUM)
 *   └ Impressions · Recommendations
 * Signed off = CompletionFlag COMPLETE, VerificationFlag VERIFIED, VerifyingObserverSequence.
 */
import { CODES, type Code, findingCode, findingLabel } from './codes';
import { codeItem, type ContentItem, container, dateItem, numItem, pnameItem, textItem, uidrefItem } from './content-items';
import { childrenOf, childWith, codeOf, conceptOf, dateOf, numOf, personNameOf, required, textOf, uidOf, unitOf } from './content-read';
import type { NaturalDataset } from './dataset';
import { isDicomDate } from './dicom-time';
import { type BuildOptions, imageLibrary, languageItem, srDocument, type Verification } from './document';
import type { PersonName, SourceImage } from './references';
import { newUid } from './uid';

/** Free text; `label` (a model label) adds the finding's code. */
export interface ReportFinding {
  text: string;
  label?: string;
}

export interface ReportMeasurement {
  concept: Code;
  value: number;
  unit: Code;
}

export interface Comparison {
  studyInstanceUid: string;
  /** DICOM DA, YYYYMMDD. */
  studyDate: string;
  note?: string;
}

export interface ReportContent {
  author: PersonName;
  writtenAt: Date;
  findings: ReportFinding[];
  measurements: ReportMeasurement[];
  comparison?: Comparison;
  impression: string;
  recommendation?: string;
  /** Absent: a draft (PARTIAL, UNVERIFIED). */
  signOff?: Verification;
}

export interface ReportInput extends ReportContent {
  source: SourceImage;
}

function findingItem(finding: ReportFinding): ContentItem {
  if (finding.label === undefined) return textItem('CONTAINS', CODES.finding, finding.text);
  return codeItem('CONTAINS', CODES.finding, findingCode(finding.label), [textItem('HAS PROPERTIES', CODES.comment, finding.text)]);
}

function comparisonSection(comparison: Comparison): ContentItem {
  if (!isDicomDate(comparison.studyDate)) throw new Error(`comparison study date is not YYYYMMDD: ${comparison.studyDate}`);
  return container('CONTAINS', CODES.priorProcedures, [
    uidrefItem('CONTAINS', CODES.studyInstanceUid, comparison.studyInstanceUid),
    dateItem('CONTAINS', CODES.studyDate, comparison.studyDate),
    ...(comparison.note === undefined ? [] : [textItem('CONTAINS', CODES.comment, comparison.note)]),
  ]);
}

export function reportSr(input: ReportInput, options: BuildOptions = {}): NaturalDataset {
  const uid = options.newUid ?? newUid;
  const content = [
    languageItem(),
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
    pnameItem('HAS OBS CONTEXT', CODES.personObserverName, input.author),
    imageLibrary(input.source),
    ...(input.comparison ? [comparisonSection(input.comparison)] : []),
    container('CONTAINS', CODES.findings, [
      ...input.findings.map(findingItem),
      ...input.measurements.map((m) => numItem('CONTAINS', m.concept, m.value, m.unit)),
    ]),
    container('CONTAINS', CODES.impressions, [textItem('CONTAINS', CODES.impression, input.impression)]),
    ...(input.recommendation === undefined
      ? []
      : [container('CONTAINS', CODES.recommendations, [textItem('CONTAINS', CODES.recommendation, input.recommendation)])]),
  ];
  return srDocument({
    kind: 'report',
    source: input.source,
    rootConcept: CODES.diagnosticImagingReport,
    content,
    contentAt: input.writtenAt,
    evidence: [input.source],
    sopInstanceUid: uid(),
    seriesInstanceUid: uid(),
    verification: input.signOff,
  });
}

// ---- reading -------------------------------------------------------------------------------

function readFinding(item: ContentItem): ReportFinding {
  if (item.ValueType === 'TEXT') return { text: required(textOf(item), 'finding text') };
  return {
    text: required(textOf(childWith(item, CODES.comment)), 'finding comment'),
    label: required(findingLabel(required(codeOf(item), 'finding code')), 'finding label'),
  };
}

function readMeasurement(item: ContentItem): ReportMeasurement {
  return {
    concept: required(conceptOf(item), 'measurement concept'),
    value: required(numOf(item), 'measurement value'),
    unit: required(unitOf(item), 'measurement unit'),
  };
}

function readComparison(section: ContentItem): Comparison {
  const comparison = {
    studyInstanceUid: required(uidOf(childWith(section, CODES.studyInstanceUid)), 'comparison study UID'),
    studyDate: required(dateOf(childWith(section, CODES.studyDate)), 'comparison study date'),
  };
  const note = textOf(childWith(section, CODES.comment));
  return note === undefined ? comparison : { ...comparison, note };
}

export function readReportContent(root: ContentItem, writtenAt: Date, signOff: Verification | undefined): ReportContent {
  const findings = childrenOf(required(childWith(root, CODES.findings), 'Findings section'));
  const comparison = childWith(root, CODES.priorProcedures);
  const impressions = required(childWith(root, CODES.impressions), 'Impressions section');
  const recommendations = childWith(root, CODES.recommendations);
  const recommendation = recommendations && textOf(childWith(recommendations, CODES.recommendation));
  return {
    author: required(personNameOf(childWith(root, CODES.personObserverName)), 'author name'),
    writtenAt,
    findings: findings.filter((item) => item.ValueType !== 'NUM').map(readFinding),
    measurements: findings.filter((item) => item.ValueType === 'NUM').map(readMeasurement),
    ...(comparison ? { comparison: readComparison(comparison) } : {}),
    impression: required(textOf(childWith(impressions, CODES.impression)), 'impression'),
    ...(recommendation === undefined ? {} : { recommendation }),
    ...(signOff ? { signOff } : {}),
  };
}
