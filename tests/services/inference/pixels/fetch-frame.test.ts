import { describe, expect, it } from 'vitest';
import { fetchGrayFrame } from '../../../../src/services/inference/pixels/fetch-frame';
import { PacsHttpError, PacsUnreachableError } from '../../../../src/domain/dicom/errors';
import type { DicomJson } from '../../../../src/domain/dicom/dicom-json';

/** Just what the frame URL and the pixel attributes need. */
const instance: DicomJson = {
  '0020000D': { vr: 'UI', Value: ['1.2.3'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
  '00080018': { vr: 'UI', Value: ['1.2.3.4.5'] },
  '00280010': { vr: 'US', Value: [2] },
  '00280011': { vr: 'US', Value: [2] },
  '00280100': { vr: 'US', Value: [8] },
};

const fetchFrame = (fetch: typeof globalThis.fetch) => fetchGrayFrame({ dicomWebRoot: '/dicom-web', instance, fetch });

describe('fetchGrayFrame failures, as the AI queue tells them apart', () => {
  it.each([
    ['no answer at all (network)', () => Promise.reject(new TypeError('Failed to fetch')), PacsUnreachableError],
    ['the gateway: Orthanc down (502)', () => Promise.resolve(new Response('{"error":"PACS unreachable"}', { status: 502 })), PacsUnreachableError],
    ['the gateway: Orthanc timed out (504)', () => Promise.resolve(new Response('', { status: 504 })), PacsUnreachableError],
    ['no such instance (404)', () => Promise.resolve(new Response('', { status: 404 })), PacsHttpError],
  ])('%s', async (_case, answer, expected) => {
    await expect(fetchFrame(answer as typeof globalThis.fetch)).rejects.toBeInstanceOf(expected);
  });

  it('lets an abort through as an abort', async () => {
    const abort = () => Promise.reject(new DOMException('stopped', 'AbortError'));
    await expect(fetchFrame(abort as typeof globalThis.fetch)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
