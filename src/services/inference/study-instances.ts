import { type DicomJson, getString } from '../../domain/dicom/dicom-json';
import type { PacsClient, RequestOptions } from '../pacs/client';
import { Tag } from '../../domain/dicom/tags';
import { chooseChestInstance, type InstanceChoice, PROJECTION_MODALITIES } from '../../domain/ai/pixels/select-instance';

/**
 * Chooses the study's chest image from the PACS: series first (cheap), WADO-RS metadata only for
 * the CR/DX series, so a CT study costs one QIDO request.
 */
export async function findChestInstance(client: PacsClient, studyInstanceUID: string, opts: RequestOptions = {}): Promise<InstanceChoice> {
  const series = await client.searchSeries(studyInstanceUID, {}, opts);
  const projection = series.filter((s) => (PROJECTION_MODALITIES as readonly string[]).includes(getString(s, Tag.Modality).toUpperCase()));
  if (projection.length === 0) return chooseChestInstance(series);
  const metadata: DicomJson[][] = await Promise.all(
    projection.map((s) => client.retrieveSeriesMetadata(studyInstanceUID, getString(s, Tag.SeriesInstanceUID), opts)),
  );
  return chooseChestInstance(metadata.flat());
}
