import { type DicomJson, getString } from '../../../domain/dicom/dicom-json';
import { errorForStatus, isAbortError, PacsResponseError, PacsUnreachableError } from '../../../domain/dicom/errors';
import { boundaryOf, decodeMultipart } from '../../../domain/dicom/multipart';
import { Tag } from '../../../domain/dicom/tags';
import { CODEC_WASM_BASE } from '../../viewer/codec-wasm-constants';
import { EXPLICIT_VR_LITTLE_ENDIAN } from '../../../domain/dicom/transfer-syntax';
import { type FrameAttributes, grayFromDicomFrame, UnsupportedPixelDataError } from '../../../domain/ai/dicom/frame';
import { decodeJ2k } from './j2k';
import type { GrayImage } from '../../../domain/ai/image';
import { frameAttributes } from '../../../domain/ai/pixels/attributes';

// Frames asked for as EXPLICIT_VR_LITTLE_ENDIAN are transcoded by Orthanc, so no codec is needed for them here.
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
/**
 * JPEG 2000 / HTJ2K: only Orthanc's GDCM plugin decodes them, the PACS's heaviest work per frame
 * (and, on Debian's Orthanc without tools/orthanc/thread-stack.c, a segfault) — so they are never
 * asked for transcoded. JPEG 2000 single-image codestreams (.90 lossless, .91 lossy) are decoded
 * here with OpenJPEG instead.
 */
const GDCM_DECODED = /^1\.2\.840\.10008\.1\.2\.4\.(9[0-3]|20[1-3])$/;
const JPEG_2000 = /^1\.2\.840\.10008\.1\.2\.4\.9[01]$/;

/** Where the app serves OpenJPEG's .wasm (see tools/vite/codec-wasm-plugin.ts); in Node the codec finds it itself. */
const J2K_WASM_URL = typeof process === 'object' && process.versions?.node ? undefined : `${CODEC_WASM_BASE}openjpegwasm_decode.wasm`;

const acceptFor = (syntax: string) => `multipart/related; type="application/octet-stream"; transfer-syntax=${syntax}`;

export interface FrameRequest {
  /** DICOMweb root, e.g. '/dicom-web' (same-origin proxy) or an absolute URL. */
  dicomWebRoot: string;
  /** WADO-RS metadata of the instance. */
  instance: DicomJson;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** The transfer-syntax parameter of the first part's headers (they end at the first blank line). */
function partSyntax(body: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(body.subarray(0, 1024));
  return /transfer-syntax=\s*"?([0-9.]+)/i.exec(head.slice(0, head.indexOf('\r\n\r\n')))?.[1];
}

async function requestFrame(url: string, syntax: string, request: FrameRequest): Promise<{ frame: Uint8Array; syntax?: string }> {
  let response: Response;
  try {
    response = await (request.fetch ?? globalThis.fetch)(url, { headers: { Accept: acceptFor(syntax) }, signal: request.signal });
  } catch (error) {
    // As the PACS client says it: the AI queue waits for an unreachable PACS instead of failing the study.
    if (isAbortError(error)) throw error;
    throw new PacsUnreachableError(`PACS unreachable (${url}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw errorForStatus(response.status, url, await response.text().catch(() => ''));
  const boundary = boundaryOf(response.headers.get('content-type') ?? '');
  if (!boundary) throw new PacsResponseError(`${url} answered without a multipart boundary`, response.status);
  const body = new Uint8Array(await response.arrayBuffer());
  const [frame] = decodeMultipart(body, boundary);
  if (!frame) throw new PacsResponseError(`${url} answered with no frame`, response.status);
  return { frame, syntax: partSyntax(body) };
}

/** A JPEG 2000 frame through OpenJPEG, checked against the metadata's size before use. */
async function grayFromJ2k(codestream: Uint8Array, attributes: FrameAttributes): Promise<GrayImage> {
  const decoded = await decodeJ2k(codestream, J2K_WASM_URL);
  if (decoded.width !== attributes.columns || decoded.height !== attributes.rows || decoded.componentCount !== attributes.samplesPerPixel) {
    throw new UnsupportedPixelDataError(
      `JPEG 2000 frame is ${decoded.width}x${decoded.height}x${decoded.componentCount}, the metadata says ${attributes.columns}x${attributes.rows}x${attributes.samplesPerPixel}`,
    );
  }
  // OpenJPEG undoes the JPEG 2000 colour transform: colour comes out as interleaved RGB.
  const colour = decoded.componentCount === 3 ? { photometricInterpretation: 'RGB', planarConfiguration: 0 } : {};
  return grayFromDicomFrame(decoded.bytes, { ...attributes, ...colour, bitsAllocated: decoded.bitsPerSample > 8 ? 16 : 8 });
}

/**
 * The first frame of an instance as the models' GrayImage. Asked for as stored first: uncompressed
 * frames are used as they come (no work for the PACS); JPEG 2000 is decoded here (see GDCM_DECODED);
 * other compressed frames are asked for again as Explicit VR Little Endian, which Orthanc transcodes.
 */
export async function fetchGrayFrame(request: FrameRequest): Promise<GrayImage> {
  const ds = request.instance;
  const uid = (tag: string) => encodeURIComponent(getString(ds, tag));
  const url = `${request.dicomWebRoot.replace(/\/+$/, '')}/studies/${uid(Tag.StudyInstanceUID)}/series/${uid(Tag.SeriesInstanceUID)}/instances/${uid(Tag.SOPInstanceUID)}/frames/1`;
  const attributes = frameAttributes(ds);
  const stored = await requestFrame(url, '*', request);
  if (stored.syntax === EXPLICIT_VR_LITTLE_ENDIAN || stored.syntax === IMPLICIT_VR_LITTLE_ENDIAN) return grayFromDicomFrame(stored.frame, attributes);
  if (stored.syntax === EXPLICIT_VR_BIG_ENDIAN) return grayFromDicomFrame(stored.frame, { ...attributes, bigEndian: true });
  if (stored.syntax && JPEG_2000.test(stored.syntax)) return grayFromJ2k(stored.frame, attributes);
  if (stored.syntax && GDCM_DECODED.test(stored.syntax)) {
    throw new UnsupportedPixelDataError(
      `stored as ${stored.syntax} (multi-component JPEG 2000 or HTJ2K): not decoded here, and never handed to the PACS's GDCM transcoder`,
    );
  }
  const transcoded = await requestFrame(url, EXPLICIT_VR_LITTLE_ENDIAN, request);
  return grayFromDicomFrame(transcoded.frame, attributes);
}
