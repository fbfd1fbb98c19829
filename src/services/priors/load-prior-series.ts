/** The image series of a prior study to hang beside the current one, built with the viewer's own study model. */
import type { PacsClient } from '../pacs/client';
import { loadStudySeries } from '../viewer/load-series';
import { sortSeries, type Series } from '../../domain/study/series';

/**
 * The prior series showing the same view as the current one (same series description, e.g. "CHEST PA"),
 * else the first image series in the viewer's order.
 */
export function pickPriorSeries(series: readonly Series[], currentDescription: string | undefined): Series | undefined {
  const images = sortSeries(series).filter((s) => s.imageIds.length > 0);
  const wanted = currentDescription?.trim().toUpperCase();
  return (wanted && images.find((s) => s.description.trim().toUpperCase() === wanted)) || images[0];
}

/** The prior's series to show, or undefined when it has no image series. */
export async function loadPriorSeries(
  client: Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata'>,
  studyInstanceUid: string,
  dicomWebRoot: string,
  currentDescription?: string,
): Promise<Series | undefined> {
  const { series } = await loadStudySeries(client, studyInstanceUid, dicomWebRoot);
  return pickPriorSeries(series, currentDescription);
}
