/**
 * The newest Dokuei AI result SR of a study, read back from its SR datasets (the watcher and the
 * reindex read them once per study): parsed with src/domain/dicom/sr parseDokueiSr. Results of the given model key win
 * over older builds; foreign and unreadable SRs are ignored.
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { DicomJson } from '../../src/domain/dicom/dicom-json';
import { resultFromSr } from '../../src/domain/ai/result/from-sr';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { parseDokueiSr } from '../../src/domain/dicom/sr';
import { summaryFromResult } from './ai-summary';
import type { AiSummary } from '../../src/domain/study/index-row';

/** The newest Dokuei AI result among a study's SR datasets (current builds first); null when none. */
export function storedAiSummary(studyUid: string, documents: readonly unknown[], manifests: readonly ModelManifest[], preferredKey?: string): AiSummary | null {
  const results: StudyAiResult[] = [];
  for (const ds of documents) {
    const sr = parseDokueiSr(ds);
    if (sr.kind !== 'ai-result') continue;
    const { seriesInstanceUid, sopInstanceUid } = sr.image;
    // An ai-result was parsed from it, so it is a dataset; its patient tags feed the age gate.
    const patient = ds as DicomJson;
    results.push(
      resultFromSr(sr.content, { studyInstanceUid: studyUid, seriesInstanceUid, sopInstanceUid, srInstanceUid: sr.document.sopInstanceUid }, patient),
    );
  }
  const rank = (r: StudyAiResult) => [r.modelKey === preferredKey ? 1 : 0, Date.parse(r.computedAt)];
  results.sort((a, b) => rank(b)[0] - rank(a)[0] || rank(b)[1] - rank(a)[1]);
  return results[0] ? summaryFromResult(results[0], manifests) : null;
}
