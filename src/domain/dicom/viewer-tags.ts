/** Tags only the viewer reads; the shared ones live in src/domain/dicom/tags.ts. */
import type { DicomJson } from './dicom-json';

export const ViewerTag = {
  PixelSpacing: '00280030',
  ImagerPixelSpacing: '00181164',
  WindowCenter: '00281050',
  WindowWidth: '00281051',
  BitsStored: '00280101',
} as const;

/** All values of a numeric multi-valued attribute (DS/IS may arrive as strings); non-numbers dropped. */
export function getNumbers(ds: DicomJson | undefined, tag: string): number[] {
  const value = ds?.[tag]?.Value;
  if (!Array.isArray(value)) return [];
  return value.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN)).filter((n) => Number.isFinite(n));
}
