import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the codec ships no type declarations
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import { fetchGrayFrame } from '../../../../src/services/inference/pixels/fetch-frame';
import { fromPart10, type NaturalDataset } from '../../../../src/domain/dicom/sr';
import { requireDataDir } from '../../../support/data-dir';

/** The same CR chest film (RG1) stored as lossy JPEG 2000 and as lossless JPEG-LS. */
const chestCr = (name: string) => {
  const bytes = readFileSync(resolve(requireDataDir(), 'dicom/chest_cr', name));
  return fromPart10(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

const frameBytes = (ds: NaturalDataset) => {
  const parts = (ds.PixelData as ArrayBuffer[]).map((p) => new Uint8Array(p));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
  return out;
};

/** A WADO-RS frames answer as Orthanc gives it: one part, its transfer syntax in the part's Content-Type. */
function framesResponse(frame: Uint8Array, syntax: string): Response {
  const head = new TextEncoder().encode(`--b\r\nContent-Type: application/octet-stream; transfer-syntax=${syntax}\r\n\r\n`);
  const tail = new TextEncoder().encode('\r\n--b--\r\n');
  const body = new Uint8Array(head.length + frame.length + tail.length);
  body.set(head);
  body.set(frame, head.length);
  body.set(tail, head.length + frame.length);
  return new Response(body, { headers: { 'Content-Type': 'multipart/related; type="application/octet-stream"; boundary=b' } });
}

const json = (ds: NaturalDataset) => ({
  '0020000D': { vr: 'UI', Value: [ds.StudyInstanceUID] },
  '0020000E': { vr: 'UI', Value: [ds.SeriesInstanceUID] },
  '00080018': { vr: 'UI', Value: [ds.SOPInstanceUID] },
  '00280010': { vr: 'US', Value: [ds.Rows] },
  '00280011': { vr: 'US', Value: [ds.Columns] },
  '00280100': { vr: 'US', Value: [ds.BitsAllocated] },
  '00280101': { vr: 'US', Value: [ds.BitsStored] },
  '00280103': { vr: 'US', Value: [ds.PixelRepresentation] },
  '00280002': { vr: 'US', Value: [1] },
  '00280004': { vr: 'CS', Value: [ds.PhotometricInterpretation] },
});

async function jpegLsReference(ds: NaturalDataset): Promise<Uint16Array> {
  const codec = await (
    charlsFactory as (
      o: object,
    ) => Promise<{ JpegLSDecoder: new () => { getEncodedBuffer(n: number): Uint8Array; decode(): void; getDecodedBuffer(): Uint8Array } }>
  )({});
  const decoder = new codec.JpegLSDecoder();
  const encoded = frameBytes(ds);
  decoder.getEncodedBuffer(encoded.length).set(encoded);
  decoder.decode();
  const bytes = decoder.getDecodedBuffer().slice();
  return new Uint16Array(bytes.buffer, 0, bytes.length / 2);
}

describe('JPEG 2000 frames in the AI pixel path', () => {
  it('decodes a JPEG 2000 CR chest frame with OpenJPEG, matching the lossless JPEG-LS copy of the film', async () => {
    const j2k = chestCr('RG1_J2KI.dcm');
    // J2KI: JPEG 2000 irreversible (lossy), as Orthanc labels the frame it serves.
    const syntax = '1.2.840.10008.1.2.4.91';
    const requests: string[] = [];
    const image = await fetchGrayFrame({
      dicomWebRoot: '/dicom-web',
      instance: json(j2k),
      fetch: async (url, init) => {
        requests.push(`${String(url)} ${(init?.headers as Record<string, string>).Accept}`);
        return framesResponse(frameBytes(j2k), syntax);
      },
    });
    // Decoded here: the PACS was asked once, as stored, never for a transcoding.
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('transfer-syntax=*');
    expect([image.width, image.height, image.invert]).toEqual([j2k.Columns, j2k.Rows, true]);

    const reference = await jpegLsReference(chestCr('RG1_JLSN.dcm'));
    expect(reference.length).toBe(image.data.length);
    let sumAbs = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < reference.length; i++) {
      sumAbs += Math.abs(image.data[i] - reference[i]);
      min = Math.min(min, reference[i]);
      max = Math.max(max, reference[i]);
    }
    // Lossy, so not equal: the mean error stays under 1 % of the film's value range.
    expect(sumAbs / reference.length).toBeLessThan((max - min) / 100);
  });
});
