/** The image a reader's decision is about, from the PACS: its WADO-RS metadata and decoded first frame. */
import { type DicomJson, getString } from '../../../domain/dicom/dicom-json';
import type { InstanceReference } from '../../../domain/dicom/sr';
import { Tag } from '../../../domain/dicom/tags';
import type { GrayImage } from '../../../domain/ai/image';
import type { PacsClient } from '../../pacs/client';
import { fetchGrayFrame } from '../../inference/pixels/fetch-frame';

export class SourceImageMissingError extends Error {
  constructor() {
    super('source image not in the PACS');
    this.name = 'SourceImageMissingError';
  }
}

/** `fetch` carries the PACS credentials for the frame request (PacsClient covers the metadata). */
export async function fetchFeedbackImage(
  client: PacsClient,
  image: InstanceReference,
  fetch: typeof globalThis.fetch,
): Promise<{ metadata: DicomJson; image: GrayImage }> {
  const series = await client.retrieveSeriesMetadata(image.studyInstanceUid, image.seriesInstanceUid);
  const metadata = series.find((ds) => getString(ds, Tag.SOPInstanceUID) === image.sopInstanceUid);
  if (!metadata) throw new SourceImageMissingError();
  return { metadata, image: await fetchGrayFrame({ dicomWebRoot: client.dicomWebRoot, instance: metadata, fetch }) };
}

/** An error's gist without request URLs or UIDs: what may be counted and shown per reason. */
export const errorGist = (message: string) => message.replace(/https?:\/\/\S+/g, '<url>').replace(/\b\d+(?:\.\d+){3,}\b/g, '<uid>');
