/** Every SR of a study from the PACS: QIDO Modality=SR → WADO-RS metadata (the I/O half of study-srs.ts). */
import { getString } from '../../../domain/dicom/dicom-json';
import type { PacsClient } from '../../pacs/client';
import { studyCacheOf } from '../../pacs/study-cache';
import { Tag } from '../../../domain/dicom/tags';

/**
 * SR datasets of one study, as DICOM JSON, read fresh (the monitoring page's sweep over every
 * study). The open study's readers use the study cache's `srDatasetsOf` (fetchCachedStudySrDatasets).
 */
export async function fetchStudySrDatasets(client: PacsClient, studyInstanceUid: string): Promise<unknown[]> {
  const series = await client.searchSeries(studyInstanceUid, { match: { Modality: 'SR' } });
  const metadata = await Promise.all(series.map((s) => client.retrieveSeriesMetadata(studyInstanceUid, getString(s, Tag.SeriesInstanceUID))));
  return metadata.flat();
}

/** SR datasets of one study through the study cache: shared with the AI panel's read-back of its result SR. */
export function fetchCachedStudySrDatasets(client: PacsClient, studyInstanceUid: string): Promise<unknown[]> {
  return studyCacheOf(client).srDatasetsOf(studyInstanceUid);
}
