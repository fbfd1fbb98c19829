/**
 * JPEG 2000 frames decoded with OpenJPEG (WebAssembly build of @cornerstonejs/codec-openjpeg), in the
 * AI worker or in Node, so the PACS never spends its GDCM transcoder on the AI's frames.
 */
// @ts-expect-error the codec ships no type declarations
import openJpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import { UnsupportedPixelDataError } from '../../../domain/ai/dicom/frame';

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
}

interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}

export interface DecodedJ2k {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  /** Samples as little-endian bytes: 1 byte each up to 8 bits, else 2 (the DICOM frame layout). */
  bytes: Uint8Array;
}

let decoder: Promise<J2KDecoder> | null = null;

/**
 * The decoder, created once. `wasmUrl` says where the .wasm is served (the browser build puts it under a
 * fixed folder); without it the codec finds the file next to its script (Node).
 */
function j2kDecoder(wasmUrl?: string): Promise<J2KDecoder> {
  decoder ??= (openJpegFactory as (options: object) => Promise<OpenJpegModule>)(
    wasmUrl ? { locateFile: (file: string) => (file.endsWith('.wasm') ? wasmUrl : file) } : {},
  ).then((codec) => new codec.J2KDecoder());
  decoder.catch(() => (decoder = null));
  return decoder;
}

/** One JPEG 2000 codestream (a DICOM frame of transfer syntax 1.2.840.10008.1.2.4.90/91) to raw samples. */
export async function decodeJ2k(codestream: Uint8Array, wasmUrl?: string): Promise<DecodedJ2k> {
  const j2k = await j2kDecoder(wasmUrl);
  try {
    j2k.getEncodedBuffer(codestream.length).set(codestream);
    j2k.decode();
  } catch (error) {
    throw new UnsupportedPixelDataError(`JPEG 2000 frame could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const info = j2k.getFrameInfo();
  // Copied out: the decoder reuses its WASM memory for the next frame.
  return {
    width: info.width,
    height: info.height,
    bitsPerSample: info.bitsPerSample,
    componentCount: info.componentCount,
    bytes: j2k.getDecodedBuffer().slice(),
  };
}
