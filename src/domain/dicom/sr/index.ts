/** DICOM SR for Dokuei: AI results, reader assessments and reports, written and read back. */
export { aiResultSr } from './ai-result';
export type { AiResultInput, ParsedAiResultContent } from './ai-result';
export { assessmentSr } from './assessment';
export type { AssessmentContent, AssessmentInput, ParsedAssessmentContent, ReaderDecision } from './assessment';
export { reportSr } from './report';
export type { Comparison, ReportContent, ReportFinding, ReportInput, ReportMeasurement } from './report';
export { parseDokueiSr } from './parse';
export type { ParsedDokueiSr } from './parse';
export type { DocumentInfo } from './document-read';
export { COMPREHENSIVE_SR, SERIES_DESCRIPTIONS, type BuildOptions, type DokueiSrKind, type Verification } from './document';
export { CODES, UNITS, QA_FLAGS, READER_DECISIONS, type Code } from './codes';
export { fromPart10, toNatural, toPart10, type NaturalDataset } from './dataset';
export { sourceImageFromDataset } from './source-image';
export type { ImageRegion, InstanceReference, PersonName, SourceImage } from './references';
export { newUid, type UidSource } from './uid';
