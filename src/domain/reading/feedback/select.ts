/** Which reader feedback an export takes, grouped by the image it is about. Pure: parsed SRs in, labels out. */
import { modelName } from '../monitoring/metrics';
import type { DecisionRecord } from '../review/decisions';
import { recordsOf } from '../review/study-srs';
import type { InstanceReference, ParsedDokueiSr, PersonName } from '../../dicom/sr';
import { imageLabels, type ImageLabels, type JudgedResult } from './labels';

type Parsed<K extends ParsedDokueiSr['kind']> = Extract<ParsedDokueiSr, { kind: K }>;

export interface FeedbackFilter {
  /** Decisions made on or after this instant. */
  since?: Date;
  /** Only AI results one of whose algorithms is this "id@version". */
  model?: string;
}

export interface ImageFeedback {
  image: InstanceReference;
  labels: ImageLabels;
}

const byModel = (model: string | undefined) => (sr: Parsed<'ai-result'>) =>
  model === undefined || sr.content.algorithms.some((a) => `${a.id}@${a.version}` === model);

/** Signers of the verified reports of each study. */
function reportSigners(documents: readonly ParsedDokueiSr[]): Map<string, PersonName[]> {
  const signers = new Map<string, PersonName[]>();
  for (const d of documents) {
    if (d.kind !== 'report' || !d.content.signOff) continue;
    signers.set(d.document.studyInstanceUid, [...(signers.get(d.document.studyInstanceUid) ?? []), d.content.signOff.verifier]);
  }
  return signers;
}

/** One entry per image with at least one decision that passes the filter, in SOP Instance UID order. */
export function selectFeedback(documents: readonly ParsedDokueiSr[], filter: FeedbackFilter = {}): ImageFeedback[] {
  const results = new Map(
    documents
      .filter((d): d is Parsed<'ai-result'> => d.kind === 'ai-result')
      .filter(byModel(filter.model))
      .map((r) => [r.document.sopInstanceUid, r]),
  );
  const signers = reportSigners(documents);
  const images = new Map<string, { image: InstanceReference; results: JudgedResult[]; records: DecisionRecord[] }>();
  for (const assessment of documents) {
    if (assessment.kind !== 'assessment') continue;
    const result = results.get(assessment.content.aiResult.sopInstanceUid);
    if (!result || (filter.since && assessment.content.assessedAt < filter.since)) continue;
    const entry = images.get(result.image.sopInstanceUid) ?? { image: result.image, results: [], records: [] };
    if (!entry.results.some((r) => r.sopInstanceUid === result.document.sopInstanceUid)) {
      entry.results.push({ sopInstanceUid: result.document.sopInstanceUid, model: modelName(result.content.algorithms), findings: result.content.findings });
    }
    entry.records.push(...recordsOf(assessment, false));
    images.set(result.image.sopInstanceUid, entry);
  }
  return [...images.values()]
    .sort((a, b) => a.image.sopInstanceUid.localeCompare(b.image.sopInstanceUid))
    .map(({ image, results: judged, records }) => ({ image, labels: imageLabels(judged, records, signers.get(image.studyInstanceUid) ?? []) }));
}
