/**
 * PALETTE COLOR lookup tables arrive from the PACS as BulkDataURIs, but the image loader only reads
 * inline values. The viewer fetches the three tables once and inlines them. Pure apart from `fetchBytes`.
 */
import { type DicomJson, getString } from './dicom-json';

const LUT_DATA_TAGS = ['00281201', '00281202', '00281203'] as const;

export function needsPaletteInlining(instance: DicomJson): boolean {
  return getString(instance, '00280004') === 'PALETTE COLOR' && LUT_DATA_TAGS.some((tag) => instance[tag]?.BulkDataURI && !instance[tag]?.Value);
}

/** LUT data is OW: 16-bit little-endian words, even for 8-bit entries. */
export function lutWords(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength - (bytes.byteLength % 2));
  return Array.from({ length: view.byteLength / 2 }, (_, i) => view.getUint16(2 * i, true));
}

export async function inlinePaletteLuts(instance: DicomJson, fetchBytes: (uri: string) => Promise<Uint8Array>): Promise<DicomJson> {
  const copy: DicomJson = { ...instance };
  for (const tag of LUT_DATA_TAGS) {
    const uri = instance[tag]?.BulkDataURI;
    if (uri) copy[tag] = { vr: 'OW', Value: lutWords(await fetchBytes(uri)) };
  }
  return copy;
}
