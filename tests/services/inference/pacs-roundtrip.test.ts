/**
 * Integration with a real throw-away Orthanc and the real models (onnxruntime-node): the instance
 * choice, the frame (Orthanc transcodes the JPEG-LS CR to Explicit VR LE; JPEG 2000 is decoded here), the analysis, the SR
 * and the lung SEG written back over STOW-RS and read back for the same model builds, not for others.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type PacsConfig } from '../../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../../tools/orthanc/orthanc';
import { analyzeImage } from '../../../src/domain/ai/analyze';
import { validateManifest, type ModelManifest } from '../../../src/domain/ai/manifest';
import { fetchGrayFrame } from '../../../src/services/inference/pixels/fetch-frame';
import { findChestInstance } from '../../../src/services/inference/study-instances';
import { pixelSpacingOf } from '../../../src/domain/ai/pixels/attributes';
import { loadModel, type LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../../src/services/inference/runtime/ort-node';
import { createPacsClient, type PacsClient } from '../../../src/services/pacs/client';
import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { resultFromAnalysis } from '../../../src/domain/ai/result/from-analysis';
import { readResultSr } from '../../../src/services/inference/sr-results';
import { storeResultInPacs } from '../../../src/services/inference/store-result';
import { MODELS_DIR, requireDataDir } from '../../support/data-dir';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-inference-'));
const DICOM = join(requireDataDir(), 'dicom');
const CHEST_CR_STUDY = '1.3.6.1.4.1.5962.1.2.9.20040826185059.5457';
const HIP_CR_STUDY = '1.3.6.1.4.1.5962.1.2.10.20040826185059.5457';
let pacs: PacsConfig;
let client: PacsClient;
let models: LoadedModel[];

const authFetch: typeof fetch = (input, init) =>
  fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: basicAuthHeader(pacs) ?? '' } });

beforeAll(async () => {
  pacs = await startOrthanc(dir);
  client = createPacsClient({ dicomWebRoot: `${pacs.url}/dicom-web`, fetch: authFetch });
  const files = [
    'chest_cr/RG1_J2KI.dcm',
    'chest_cr/RG1_JLSN.dcm',
    'non_chest_cr/RG2_JPLY.dcm',
    ...readdirSync(join(DICOM, 'ct_chest_series_LungPETCTDx_A0002'))
      .slice(0, 2)
      .map((f) => `ct_chest_series_LungPETCTDx_A0002/${f}`),
  ];
  const stored = await client.storeInstances(files.map((f) => new Uint8Array(readFileSync(join(DICOM, f)))));
  expect(stored.failed).toEqual([]);
  const manifests = readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => validateManifest(JSON.parse(readFileSync(join(MODELS_DIR, f), 'utf8')), f));
  const backend = createOrtNodeBackend();
  models = await Promise.all(manifests.map((m) => loadModel(backend, m, new Uint8Array(readFileSync(join(MODELS_DIR, m.file))))));
}, 120_000);

afterAll(async () => {
  await Promise.all((models ?? []).map((m) => m.session.release()));
  await stopOrthanc(dir);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function chosen(studyUID: string): Promise<DicomJson> {
  const choice = await findChestInstance(client, studyUID);
  if (!choice.applicable) throw new Error(choice.reason);
  return choice.instance;
}

/** RG1 is stored twice in the data set: JPEG 2000 (instance 3) and JPEG-LS (instance 7). */
async function jpegLsCopy(): Promise<DicomJson> {
  const [series] = await client.searchSeries(CHEST_CR_STUDY);
  const all = await client.retrieveSeriesMetadata(CHEST_CR_STUDY, String(series['0020000E']?.Value?.[0]));
  const found = all.find((ds) => ds['00200013']?.Value?.[0] === 7);
  if (!found) throw new Error('RG1_JLSN not stored');
  return found;
}

describe('AI results through a real Orthanc', () => {
  it('finds no applicable model for CT and for a hip CR', async () => {
    const [ct] = await client.searchStudies({ match: { ModalitiesInStudy: 'CT' } });
    const ctChoice = await findChestInstance(client, String(ct['0020000D']?.Value?.[0]));
    expect(ctChoice).toEqual({ applicable: false, reason: 'no CR/DX image (study has CT)' });
    expect(await findChestInstance(client, HIP_CR_STUDY)).toEqual({ applicable: false, reason: 'not a chest radiograph (body part HIP)' });
  });

  it('decodes JPEG 2000 itself and never asks the PACS to transcode it (GDCM work kept off the PACS)', async () => {
    const j2k = await chosen(CHEST_CR_STUDY);
    expect(j2k['00200013']?.Value?.[0]).toBe(3);
    const accepts: string[] = [];
    const image = await fetchGrayFrame({
      dicomWebRoot: client.dicomWebRoot,
      instance: j2k,
      fetch: (input, init) => (accepts.push((init?.headers as Record<string, string>).Accept), authFetch(input, init)),
    });
    expect(accepts).toEqual([expect.stringContaining('transfer-syntax=*')]);
    expect([image.width, image.height, image.invert]).toEqual([1841, 1955, true]);
  }, 60_000);

  it('reads the JPEG-LS copy of the chest CR as Explicit VR LE pixels (MONOCHROME1, 15 bit)', async () => {
    const image = await fetchGrayFrame({ dicomWebRoot: client.dicomWebRoot, instance: await jpegLsCopy(), fetch: authFetch });
    expect([image.width, image.height, image.invert]).toEqual([1841, 1955, true]);
    let max = 0;
    for (const v of image.data) max = Math.max(max, v);
    expect(max).toBeGreaterThan(1000);
    expect(max).toBeLessThan(2 ** 15);
  });

  it('stores the result as an SR and reads it back for the same models only', async () => {
    const instance = await jpegLsCopy();
    const image = await fetchGrayFrame({ dicomWebRoot: client.dicomWebRoot, instance, fetch: authFetch });
    const analysis = await analyzeImage(models, image, { pixelSpacingMm: pixelSpacingOf(instance) });
    const manifests = models.map((m) => m.manifest);
    const computed = resultFromAnalysis(analysis, manifests, instance, new Date('2026-11-23T10:00:00Z'));
    // Displayed (and cached) at most 512 a side; areas were measured at full size.
    expect([computed.lungMask?.width, computed.lungMask?.height]).toEqual([482, 512]);
    expect(await readResultSr(client, instance, manifests)).toBeNull();

    // The lung mask goes in as a DICOM SEG (Orthanc accepts it) with the SR that references it, in one request.
    const stored = await storeResultInPacs(client, computed, manifests, instance);
    const { segInstanceUid, srInstanceUid } = stored;
    expect(stored.segError).toBeUndefined();
    expect(segInstanceUid).toMatch(/^2\.25\.\d+$/);
    const [segSeries] = await client.searchSeries(CHEST_CR_STUDY, { match: { Modality: 'SEG' } });
    const [seg] = await client.retrieveSeriesMetadata(CHEST_CR_STUDY, String(segSeries['0020000E']?.Value?.[0]));
    expect(seg['00080018']?.Value?.[0]).toBe(segInstanceUid);
    const referenced = (seg['00081115']?.Value?.[0] as DicomJson)['0008114A']?.Value?.[0] as DicomJson;
    expect(referenced['00081155']?.Value?.[0]).toBe(computed.sopInstanceUid);

    const read = await readResultSr(client, instance, manifests);
    expect(read).not.toBeNull();
    expect([read!.srInstanceUid, read!.segInstanceUid]).toEqual([srInstanceUid, segInstanceUid]);
    expect(read!.origin).toBe('pacs-sr');
    expect(read!.sopInstanceUid).toBe(computed.sopInstanceUid);
    // Every call is made at the manifest's `flag` point, and the SR says so.
    const flagOf = (label: string) => manifests.flatMap((m) => m.heads).find((h) => h.thresholds?.[label])?.thresholds?.[label].points?.flag?.value;
    for (const f of computed.findings)
      expect({ label: f.label, operatingPoint: f.operatingPoint, threshold: f.threshold }).toEqual({
        label: f.label,
        operatingPoint: 'flag',
        threshold: flagOf(f.label),
      });
    const call = ({ label, positive, operatingPoint, threshold }: (typeof computed.findings)[number]) => ({ label, positive, operatingPoint, threshold });
    expect(read!.findings.map(call)).toEqual(computed.findings.map(call));
    read!.findings.forEach((f, i) => expect(f.probability).toBeCloseTo(computed.findings[i].probability, 5));
    expect(read!.qaFlags).toEqual(computed.qaFlags);
    expect(read!.lungAreas.length).toBe(computed.lungAreas.length);

    // Another build of one model (new sha256): the stored SR is not reused.
    const retrained: ModelManifest[] = manifests.map((m, i) => (i === 0 ? { ...m, sha256: 'f'.repeat(64) } : m));
    expect(await readResultSr(client, instance, retrained)).toBeNull();
  });
});
