/**
 * The newest Dokuei AI result SR of a study, read back from the PACS (for the reindex): the SR
 * series' metadata parsed with src/domain/dicom/sr parseDokueiSr. Results of the given model key win
 * over older builds; foreign and unreadable SRs are ignored.
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';
import { getString } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { Tag } from '../../src/domain/dicom/tags';
import { resultFromSr } from '../../src/domain/ai/result/from-sr';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { parseDokueiSr } from '../../src/domain/dicom/sr';
import { summaryFromResult } from './ai-summary';
import type { AiSummary } from '../../src/domain/study/index-row';

export async function readStoredAiSummary(
  client: PacsClient,
  studyUid: string,
  manifests: readonly ModelManifest[],
  preferredKey?: string,
): Promise<AiSummary | null> {
  const series = await client.searchSeries(studyUid, { match: { Modality: 'SR' } });
  if (series.length === 0) return null;
  const documents = (await Promise.all(series.map((s) => client.retrieveSeriesMetadata(studyUid, getString(s, Tag.SeriesInstanceUID))))).flat();
  const results: StudyAiResult[] = [];
  for (const ds of documents) {
    const sr = parseDokueiSr(ds);
    if (sr.kind !== 'ai-result') continue;
    const { seriesInstanceUid, sopInstanceUid } = sr.image;
    results.push(
      resultFromSr(sr.content, { studyInstanceUid: studyUid, seriesInstanceUid, sopInstanceUid, srInstanceUid: getString(ds, Tag.SOPInstanceUID) }, ds),
    );
  }
  const rank = (r: StudyAiResult) => [r.modelKey === preferredKey ? 1 : 0, Date.parse(r.computedAt)];
  results.sort((a, b) => rank(b)[0] - rank(a)[0] || rank(b)[1] - rank(a)[1]);
  return results[0] ? summaryFromResult(results[0], manifests) : null;
}
