import { getString } from '../../domain/dicom/dicom-json';
import { Tag } from '../../domain/dicom/tags';
import type { PacsClient, RequestOptions } from '../pacs/client';
import { studyCacheOf } from '../pacs/study-cache';
import { chooseChestInstance, type InstanceChoice, PROJECTION_MODALITIES } from '../../domain/ai/pixels/select-instance';

/**
 * Chooses the study's chest image from the PACS: series first (cheap), WADO-RS metadata only for
 * the CR/DX series, so a CT study costs one QIDO request. Both through the study cache: a study
 * open in the viewer costs nothing more. (`_opts` stays for callers: a request shared with other
 * readers is not aborted by one of them.)
 */
export async function findChestInstance(client: PacsClient, studyInstanceUid: string, _opts: RequestOptions = {}): Promise<InstanceChoice> {
  const cache = studyCacheOf(client);
  const series = await cache.seriesOf(studyInstanceUid);
  const hasProjection = series.some((s) => (PROJECTION_MODALITIES as readonly string[]).includes(getString(s, Tag.Modality).toUpperCase()));
  if (!hasProjection) return chooseChestInstance(series);
  return chooseChestInstance(await cache.metadataOfModalities(studyInstanceUid, PROJECTION_MODALITIES));
}
