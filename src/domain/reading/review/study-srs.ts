/** Every SR of a study as Dokuei reads them: QIDO Modality=SR → WADO-RS metadata → parseDokueiSr. */
import { type NaturalDataset, parseDokueiSr, type ParsedDokueiSr, sourceImageFromDataset } from '../../dicom/sr';
import type { AiResultUnderReview, DecisionRecord } from './decisions';

type Parsed<K extends ParsedDokueiSr['kind']> = Extract<ParsedDokueiSr, { kind: K }>;

export interface StudySrs {
  /** AI result SRs, newest first, each with its source image. */
  aiResults: AiResultUnderReview[];
  assessments: Parsed<'assessment'>[];
  reports: Parsed<'report'>[];
  /** SRs that are not Dokuei's or not readable: counted, never fatal. */
  unknown: string[];
}

/** The AI result with its source image: patient/study attributes come from the SR, which copied them. */
function underReview(dataset: unknown, sr: Parsed<'ai-result'>): AiResultUnderReview {
  const attributes = sourceImageFromDataset(dataset as NaturalDataset);
  return {
    sr: {
      studyInstanceUid: sr.document.studyInstanceUid,
      seriesInstanceUid: sr.document.seriesInstanceUid,
      sopClassUid: sr.document.sopClassUid,
      sopInstanceUid: sr.document.sopInstanceUid,
    },
    source: { ...attributes, ...sr.image },
    computedAt: sr.content.computedAt,
    findings: sr.content.findings,
    qaFlags: sr.content.qaFlags,
  };
}

export function sortStudySrs(datasets: readonly unknown[]): StudySrs {
  const srs: StudySrs = { aiResults: [], assessments: [], reports: [], unknown: [] };
  for (const dataset of datasets) {
    const sr = parseDokueiSr(dataset);
    if (sr.kind === 'ai-result') srs.aiResults.push(underReview(dataset, sr));
    else if (sr.kind === 'assessment') srs.assessments.push(sr);
    else if (sr.kind === 'report') srs.reports.push(sr);
    else srs.unknown.push(sr.reason);
  }
  srs.aiResults.sort((a, b) => b.computedAt.getTime() - a.computedAt.getTime());
  srs.reports.sort((a, b) => b.document.contentAt.getTime() - a.document.contentAt.getTime());
  return srs;
}

/** The decisions an assessment SR holds. */
export function recordsOf(sr: Parsed<'assessment'>, pending: boolean): DecisionRecord[] {
  return sr.content.decisions.map((decision) => ({
    decision,
    reader: sr.content.reader,
    at: sr.content.assessedAt,
    sopInstanceUid: sr.document.sopInstanceUid,
    aiResultSopInstanceUid: sr.content.aiResult.sopInstanceUid,
    pending,
  }));
}
