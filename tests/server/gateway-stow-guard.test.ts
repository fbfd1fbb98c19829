import { describe, expect, it } from 'vitest';
import { syntheticInstance } from '../../tools/seed/synthetic';
import { decodeMultipart, boundaryOf } from '../../src/domain/dicom/multipart';
import { fromPart10, parseDokueiSr } from '../../src/domain/dicom/sr';
import { planStow, stowBoundary } from '../../server/gateway/stow-guard';
import { admin, aiWorker, documentsAbout, lungSegAbout, part10, readerA, stowBody } from './gateway-fixtures';
import { source } from '../domain/dicom/sr/fixtures';

const inPacs = async (uid: string) => (uid === source.studyInstanceUid ? [source.patientId] : []);

async function plan(parts: Uint8Array[], principal = readerA, lookup = inPacs) {
  const { contentType, body } = stowBody(parts);
  return planStow(contentType, body, principal, lookup);
}

describe('stowBoundary', () => {
  it.each([
    ['multipart/related; type="application/dicom"; boundary=abc', 'abc'],
    ['Multipart/Related; Type=Application/DICOM; boundary="a b"', 'a b'],
  ])('accepts %s', (header, boundary) => expect(stowBoundary(header)).toBe(boundary));

  it.each([
    undefined,
    'application/dicom',
    'multipart/related; boundary=x',
    'multipart/related; type="image/jpeg"; boundary=x',
    'multipart/related; type="application/dicom"',
    'multipart/mixed; type="application/dicom"; boundary=x',
  ])('refuses %s', (header) => expect(stowBoundary(header)).toHaveProperty('error'));
});

describe('planStow', () => {
  it("rebuilds the multipart from stamped parts (A's assessment and report)", async () => {
    const { assessment, report } = documentsAbout();
    const result = await plan([part10(assessment), part10(report)]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parts = decodeMultipart(result.body, boundaryOf(result.contentType)!);
    expect(parts.map((p) => parseDokueiSr(fromPart10(new Uint8Array(p).buffer)).kind)).toEqual(['assessment', 'report']);
    expect(result.studies).toEqual(new Map([[source.studyInstanceUid, source.patientId]]));
  });

  it('accepts and stamps a lung SEG from a reader', async () => {
    const seg = lungSegAbout({
      StudyInstanceUID: source.studyInstanceUid,
      SeriesInstanceUID: '1.2.3.4',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
      SOPInstanceUID: '1.2.3.4.5',
      PatientID: source.patientId,
      Modality: 'DX',
    });
    const result = await plan([part10(seg)]);
    expect(result.ok).toBe(true);
  });

  it('asks the PACS once per study, however many parts name it', async () => {
    const asked: string[] = [];
    const counting = async (uid: string) => {
      asked.push(uid);
      return inPacs(uid);
    };
    const { assessment, report } = documentsAbout();
    const seg = lungSegAbout({ StudyInstanceUID: source.studyInstanceUid, SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1', PatientID: source.patientId });
    const result = await plan([part10(seg), part10(assessment), part10(report)], readerA, counting);
    expect(result.ok).toBe(true);
    expect(asked).toEqual([source.studyInstanceUid]);
  });

  it("accepts the AI worker's lung SEG and AI result SR in one request, both forwarded", async () => {
    const seg = lungSegAbout({
      StudyInstanceUID: source.studyInstanceUid,
      SeriesInstanceUID: '1.2.3.4',
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
      SOPInstanceUID: '1.2.3.4.5',
      PatientID: source.patientId,
      Modality: 'DX',
    });
    const { aiResult } = documentsAbout();
    const result = await plan([part10(seg), part10(aiResult)], aiWorker);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parts = decodeMultipart(result.body, boundaryOf(result.contentType)!).map((p) => fromPart10(new Uint8Array(p).buffer));
    expect(parts.map((p) => p.SOPInstanceUID)).toEqual([seg.SOPInstanceUID, aiResult.SOPInstanceUID]);
    expect(parseDokueiSr(parts[1]).kind).toBe('ai-result');
  });

  it.each([
    ['an image by a reader', () => [syntheticInstance(3).bytes], readerA, 403],
    ['an image by the AI workers', () => [syntheticInstance(3).bytes], aiWorker, 403],
    ['a study the PACS does not have', () => [part10(documentsAbout({ ...source, studyInstanceUid: '1.2.3.999' }).report)], readerA, 403],
    ['another PatientID', () => [part10(documentsAbout({ ...source, patientId: 'OTHER' }).report)], readerA, 403],
    ['garbage bytes', () => [new Uint8Array([1, 2, 3, 4])], readerA, 400],
    ['no parts', () => [], readerA, 400],
  ] as const)('refuses %s', async (_name, parts, principal, status) => {
    expect(await plan([...parts()], principal)).toMatchObject({ ok: false, status });
  });

  it('lets an admin import an image into a new study, byte for byte', async () => {
    const image = syntheticInstance(3).bytes;
    const result = await plan([image], admin);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Buffer.from(decodeMultipart(result.body, boundaryOf(result.contentType)!)[0])).toEqual(Buffer.from(image));
  });

  it('answers 502 when the PACS cannot be asked whether the study exists', async () => {
    const down = async () => {
      throw new Error('ECONNREFUSED');
    };
    expect(await plan([part10(documentsAbout().report)], readerA, down)).toMatchObject({ ok: false, status: 502 });
  });
});
