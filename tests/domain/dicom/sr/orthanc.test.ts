/**
 * Integration: the three SRs go into a real throw-away Orthanc over STOW-RS, come back as
 * WADO-RS metadata (DICOM JSON) and parse to what was written. Orthanc storing them is a
 * check that they are well-formed DICOM; reading its JSON checks the DICOM JSON path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type PacsConfig } from '../../../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../../../tools/orthanc/orthanc';
import { type NaturalDataset, parseDokueiSr, sourceImageFromDataset, toPart10 } from '../../../../src/domain/dicom/sr';
import { threeDocuments } from './documents';
import { source } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-sr-orthanc-'));
let pacs: PacsConfig;

beforeAll(async () => {
  pacs = await startOrthanc(dir);
}, 60_000);

afterAll(async () => {
  await stopOrthanc(dir);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function dicomWeb(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${pacs.url}/dicom-web${path}`, {
    ...init,
    headers: { Authorization: basicAuthHeader(pacs) ?? '', Accept: 'application/dicom+json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** STOW-RS of Part 10 files as one multipart/related request. */
function stow(files: ArrayBuffer[]): Promise<unknown> {
  const boundary = 'dokuei-sr-boundary';
  const parts = files.flatMap((file) => [Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(file), Buffer.from('\r\n')]);
  return dicomWeb('/studies', {
    method: 'POST',
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
  });
}

const instancePath = (sr: NaturalDataset) => `/studies/${sr.StudyInstanceUID}/series/${sr.SeriesInstanceUID}/instances/${sr.SOPInstanceUID}`;

describe('Dokuei SRs in a real Orthanc', () => {
  const documents = threeDocuments();

  it('accepts all three over STOW-RS', async () => {
    const response = (await stow(Object.values(documents).map(toPart10))) as Record<string, { Value?: unknown[] }>;
    expect(response['00081198']?.Value ?? []).toEqual([]); // FailedSOPSequence: Orthanc sends it empty
    expect(response['00081199']?.Value).toHaveLength(3); // ReferencedSOPSequence
  });

  it.each(Object.entries(documents))('reads the %s SR back from WADO-RS metadata unchanged', async (kind, sr) => {
    const [metadata] = (await dicomWeb(`${instancePath(sr)}/metadata`)) as NaturalDataset[];
    const parsed = parseDokueiSr(metadata);
    expect(parsed.kind).toBe(kind);
    expect(parsed).toEqual(parseDokueiSr(sr));
  });

  it('lists the three SR series in the study by QIDO', async () => {
    const series = (await dicomWeb(`/studies/${source.studyInstanceUid}/series?Modality=SR&includefield=0008103E`)) as Array<
      Record<string, { Value?: string[] }>
    >;
    const descriptions = series.map((s) => s['0008103E']?.Value?.[0]).sort();
    expect(descriptions).toEqual(['Dokuei AI results', 'Dokuei reader assessment', 'Dokuei report']);
  });

  it('gives back the patient and study attributes through DICOM JSON', async () => {
    const [metadata] = (await dicomWeb(`${instancePath(documents.report)}/metadata`)) as NaturalDataset[];
    const { studyInstanceUid, sopClassUid: _c, sopInstanceUid: _i, seriesInstanceUid: _s, ...patientAndStudy } = source;
    expect(sourceImageFromDataset(metadata)).toMatchObject({ ...patientAndStudy, studyInstanceUid });
  });
});
