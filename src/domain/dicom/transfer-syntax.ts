/**
 * Which transfer syntax to ask the PACS for. Frames come in their stored syntax first (browser
 * codecs decode them in workers, no server work); an instance whose frame failed to decode is
 * asked for again as Explicit VR Little Endian, which Orthanc transcodes with DCMTK/GDCM.
 */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export function framesAcceptHeader(transferSyntaxUID: '*' | string): string {
  return `multipart/related; type="application/octet-stream"; transfer-syntax=${transferSyntaxUID}`;
}

/**
 * Encodings the browser decodes without error but wrongly: the loader's JavaScript 12-bit JPEG
 * decoder was measured ~25 HU off on the 12-bit JPEG Extended CT slice that DCMTK (in Orthanc)
 * decodes to within 1 HU. Such frames are always taken transcoded.
 */
const LOSSY_JPEG_12_BIT = new Set(['1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.53', '1.2.840.10008.1.2.4.55']);

export function browserDecodeUntrusted(transferSyntaxUID: string | undefined, bitsStored: number | undefined): boolean {
  return LOSSY_JPEG_12_BIT.has(transferSyntaxUID ?? '') && (bitsStored ?? 8) > 8;
}

/** PS3.18 gateway statuses: the proxy lost the PACS for a moment, asking again is the cure. */
export function isTransientStatus(status: number | undefined): boolean {
  return status === 502 || status === 503 || status === 504;
}

/** Transcoding is per instance: every frame of a multi-frame shares one encoding. */
export function instanceKeyOfImageId(imageId: string): string {
  return imageId.replace(/\/frames\/\d+$/, '');
}
