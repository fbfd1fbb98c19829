/** The image series of a prior study to hang beside the current one, built with the viewer's own study model. */
import { getString, type PacsClient, Tag } from '../dicomweb';
import { buildSeries, sortSeries, type ViewerSeries } from '../viewer/study-model';

/**
 * The prior series showing the same view as the current one (same series description, e.g. "CHEST PA"),
 * else the first image series in the viewer's order.
 */
export function pickPriorSeries(series: readonly ViewerSeries[], currentDescription: string | undefined): ViewerSeries | undefined {
  const images = sortSeries(series).filter((s) => s.imageIds.length > 0);
  const wanted = currentDescription?.trim().toUpperCase();
  return (wanted && images.find((s) => s.description.trim().toUpperCase() === wanted)) || images[0];
}

/** Palette-colour instances are not inlined here (chest priors are grey): the study model lists them as not displayable. */
export async function loadPriorSeries(
  client: Pick<PacsClient, 'searchSeries' | 'retrieveSeriesMetadata'>,
  studyInstanceUid: string,
  dicomWebRoot: string,
  currentDescription?: string,
): Promise<ViewerSeries | undefined> {
  const results = await client.searchSeries(studyInstanceUid);
  const series = await Promise.all(
    results.map(async (result) => {
      const metadata = await client.retrieveSeriesMetadata(studyInstanceUid, getString(result, Tag.SeriesInstanceUID));
      return buildSeries(dicomWebRoot, studyInstanceUid, result, metadata);
    }),
  );
  return pickPriorSeries(series, currentDescription);
}
