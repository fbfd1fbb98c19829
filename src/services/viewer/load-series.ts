/** A study's series as the viewer hangs them; shared by the main viewer and the prior pane. */
import type { PacsClient } from '../pacs/client';
import type { DicomJson } from '../../domain/dicom/dicom-json';
import { fetchBulkData } from '../pacs/bulk-data';
import { studyCacheOf } from '../pacs/study-cache';
import { inlinePaletteLuts, needsPaletteInlining } from '../../domain/dicom/palette';
import { studySeries, type Series } from '../../domain/study/series';

export interface LoadedStudy {
  series: Series[];
  /** Every instance's metadata (palettes inlined), in the PACS's order. */
  metadata: DicomJson[];
}

/**
 * Series list and whole-study metadata side by side: one round trip to the PACS before the first
 * frame, not two. Both come from the study cache: whoever reads the study next (AI, review, priors)
 * reuses them.
 */
export async function loadStudySeries(
  client: Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata'>,
  studyInstanceUid: string,
  dicomWebRoot: string,
  fetchBulk: (uri: string) => Promise<Uint8Array> = fetchBulkData,
): Promise<LoadedStudy> {
  const cache = studyCacheOf(client);
  const [seriesResults, raw] = await Promise.all([cache.seriesOf(studyInstanceUid), cache.studyMetadataOf(studyInstanceUid)]);
  const metadata = await Promise.all(raw.map((instance) => withInlinePalette(instance, fetchBulk)));
  return { series: studySeries(dicomWebRoot, studyInstanceUid, seriesResults, metadata), metadata };
}

/** A palette whose tables cannot be fetched stays as it is; study-model then lists it as not displayable. */
async function withInlinePalette(instance: DicomJson, fetchBulk: (uri: string) => Promise<Uint8Array>): Promise<DicomJson> {
  if (!needsPaletteInlining(instance)) return instance;
  return inlinePaletteLuts(instance, fetchBulk).catch(() => instance);
}
