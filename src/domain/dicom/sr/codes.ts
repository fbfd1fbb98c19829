/**
 * Every coded concept Dokuei writes into DICOM SR, in one table.
 * Standard codes (DCM = DICOM PS3.16, SCT = SNOMED CT, LN = LOINC, UCUM units) wherever one
 * exists; the private scheme 99DOKUEI (PS3.16 8.2: "99" prefix = local) for the rest.
 * A code's value and meaning never change once released: readers match on value + scheme.
 */
import type { QaFlagKind, Side } from '../../ai/result/types';

export interface Code {
  CodeValue: string;
  CodingSchemeDesignator: string;
  CodeMeaning: string;
}

export const DOKUEI_SCHEME = '99DOKUEI';

const code = (CodingSchemeDesignator: string, CodeValue: string, CodeMeaning: string): Code => ({
  CodeValue,
  CodingSchemeDesignator,
  CodeMeaning,
});
const dcm = (value: string, meaning: string) => code('DCM', value, meaning);
const sct = (value: string, meaning: string) => code('SCT', value, meaning);
const ucum = (value: string, meaning: string) => code('UCUM', value, meaning);
const dokuei = (value: string, meaning: string) => code(DOKUEI_SCHEME, value, meaning);

export const CODES = {
  // Document roots
  imagingMeasurementReport: dcm('126000', 'Imaging Measurement Report'),
  diagnosticImagingReport: code('LN', '18748-4', 'Diagnostic Imaging Report'),
  aiAssessment: dokuei('AI_ASSESSMENT', 'Reader assessment of AI results'),
  // Document context
  language: dcm('121049', 'Language of Content Item and Descendants'),
  englishUS: code('RFC5646', 'en-US', 'English (United States)'),
  procedureReported: dcm('121058', 'Procedure reported'),
  plainRadiography: sct('168537006', 'Plain radiography'),
  observerType: dcm('121005', 'Observer Type'),
  person: dcm('121006', 'Person'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  // TID 1500 structure
  imageLibrary: dcm('111028', 'Image Library'),
  imageLibraryGroup: dcm('126200', 'Image Library Group'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  trackingIdentifier: dcm('112039', 'Tracking Identifier'),
  trackingUid: dcm('112040', 'Tracking Unique Identifier'),
  finding: dcm('121071', 'Finding'),
  imageRegion: dcm('111030', 'Image Region'),
  center: dcm('111010', 'Center'),
  comment: dcm('121106', 'Comment'),
  // Algorithm identification (TID 4019) + model file digest
  algorithm: dokuei('ALGORITHM', 'Algorithm identification'),
  algorithmName: dcm('111001', 'Algorithm Name'),
  algorithmVersion: dcm('111003', 'Algorithm Version'),
  modelSha256: dokuei('MODEL_SHA256', 'Model file SHA-256'),
  // Classification at an operating point
  probability: dcm('122157', 'Probability'),
  thresholdValue: dcm('122411', 'Threshold Value'),
  operatingPoint: dokuei('OPERATING_POINT', 'Operating point of the call'),
  aiCall: dokuei('AI_CALL', 'AI call at threshold'),
  positive: sct('10828004', 'Positive'),
  negative: sct('260385009', 'Negative'),
  // Applicability (OOD)
  applicability: dokuei('APPLICABILITY', 'AI result applicability'),
  applicable: dokuei('APPLICABLE', 'Applicable'),
  notApplicable: dokuei('NOT_APPLICABLE', 'Not applicable: out of distribution'),
  oodScore: dokuei('OOD_SCORE', 'Out-of-distribution score'),
  oodThreshold: dokuei('OOD_THRESHOLD', 'Out-of-distribution threshold'),
  // Image QA
  qaFlag: dokuei('QA_FLAG', 'Image QA flag'),
  lungSegmentation: dokuei('LUNG_SEG', 'AI lung segmentation (DICOM SEG)'),
  // Anatomy and measurements
  findingSite: sct('363698007', 'Finding Site'),
  lung: sct('39607008', 'Lung'),
  laterality: sct('272741003', 'Laterality'),
  right: sct('24028007', 'Right'),
  left: sct('7771000', 'Left'),
  bilateral: sct('51440002', 'Bilateral'),
  area: sct('42798000', 'Area'),
  // Reader assessment
  assessedAiResult: dokuei('AI_RESULT_SR', 'Assessed AI result document'),
  readerDecision: dokuei('READER_DECISION', 'Reader decision'),
  rejectionReason: dokuei('REJECT_REASON', 'Reason for rejection'),
  // Report sections (TID 2000 style)
  findings: dcm('121070', 'Findings'),
  impressions: dcm('121072', 'Impressions'),
  impression: dcm('121073', 'Impression'),
  recommendations: dcm('121074', 'Recommendations'),
  recommendation: dcm('121075', 'Recommendation'),
  priorProcedures: dcm('121066', 'Prior Procedure Descriptions'),
  studyInstanceUid: dcm('110180', 'Study Instance UID'),
  studyDate: dcm('111060', 'Study Date'),
} as const;

export const UNITS = {
  noUnits: ucum('1', 'no units'),
  squareCentimeter: ucum('cm2', 'square centimeter'),
  millimeter: ucum('mm', 'millimeter'),
  centimeter: ucum('cm', 'centimeter'),
} as const;

/** Findings the models name, keyed by manifest label. */
const FINDING_CODES: Readonly<Record<string, Code>> = {
  abnormal: sct('263654008', 'Abnormal'),
  effusion: sct('60046008', 'Pleural effusion'),
  pneumonia: sct('233604007', 'Pneumonia'),
};

export const QA_FLAGS = {
  'projection-mismatch': dokuei('QA_PROJECTION', 'Projection differs from DICOM tags'),
  rotated: dokuei('QA_ROTATED', 'Image rotated'),
  flipped: dokuei('QA_FLIPPED', 'Image mirrored'),
  'body-part-mismatch': dokuei('QA_BODY_PART', 'Body part differs from DICOM tags'),
} as const satisfies Record<QaFlagKind, Code>;

export const READER_DECISIONS = {
  accept: dokuei('ACCEPT', 'Accepted'),
  reject: dokuei('REJECT', 'Rejected'),
  edit: dokuei('EDIT_REGION', 'Region edited'),
  add: dokuei('ADD', 'Added: missed by AI'),
} as const;

export const SIDES = { left: CODES.left, right: CODES.right, both: CODES.bilateral } as const satisfies Record<Side, Code>;

/** The code for a model label; a label with no standard code gets a private one carrying the label. */
export function findingCode(label: string): Code {
  return FINDING_CODES[label] ?? dokuei(`FINDING_${label.toUpperCase()}`.slice(0, 16), label);
}

/** Inverse of `findingCode`: the label, or undefined for a code Dokuei did not write. */
export function findingLabel(concept: Code): string | undefined {
  const known = Object.entries(FINDING_CODES).find(([, c]) => sameCode(c, concept));
  if (known) return known[0];
  const isPrivateFinding = concept.CodingSchemeDesignator === DOKUEI_SCHEME && concept.CodeValue.startsWith('FINDING_');
  return isPrivateFinding ? concept.CodeMeaning : undefined;
}

export function sameCode(a: Code, b: Code): boolean {
  return a.CodeValue === b.CodeValue && a.CodingSchemeDesignator === b.CodingSchemeDesignator;
}

/** The key of `table` whose code equals `concept`, if any. */
export function keyOfCode<K extends string>(table: Readonly<Record<K, Code>>, concept: Code | undefined): K | undefined {
  if (!concept) return undefined;
  return (Object.keys(table) as K[]).find((key) => sameCode(table[key], concept));
}
