/** Every SR of a study from the PACS: QIDO Modality=SR → WADO-RS metadata (the I/O half of study-srs.ts). */
import { getString } from '../../../domain/dicom/dicom-json';
import type { PacsClient } from '../../pacs/client';
import { Tag } from '../../../domain/dicom/tags';

/** SR datasets of one study, as DICOM JSON. */
export async function fetchStudySrDatasets(client: PacsClient, studyInstanceUid: string): Promise<unknown[]> {
  const series = await client.searchSeries(studyInstanceUid, { match: { Modality: 'SR' } });
  const metadata = await Promise.all(series.map((s) => client.retrieveSeriesMetadata(studyInstanceUid, getString(s, Tag.SeriesInstanceUID))));
  return metadata.flat();
}
