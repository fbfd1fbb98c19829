/**
 * Integration: `npm run export:training` against a real throw-away Orthanc holding a real chest CR
 * (JPEG 2000, MONOCHROME1) and reader feedback written with the SR builders. Checks the rows, that
 * the image is readable by the evaluation's loader, and that no identifying value of the source
 * reaches any output file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { decode } from 'fast-png';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateShiftDays, shiftDate } from '../../tools/export-training/deidentify';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { binaryLabel, loadDataSet } from '../../tools/models-eval/dataset';
import { decodeImageFile } from '../../tools/models-eval/decode';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { createPacsClient } from '../../src/services/pacs/client';
import { type DicomJson, getString } from '../../src/domain/dicom/dicom-json';
import { Tag } from '../../src/domain/dicom/tags';
import {
  aiResultSr,
  assessmentSr,
  type NaturalDataset,
  parseDokueiSr,
  reportSr,
  type SourceImage,
  sourceImageFromDataset,
  toPart10,
} from '../../src/domain/dicom/sr';
import { REPO_ROOT } from '../support/data-dir';

const CHEST_CR = resolve(process.env.DOKUEI_DATA ?? resolve(REPO_ROOT, '../shared/data'), 'dicom/chest_cr/RG1_J2KI.dcm');
const hasData = existsSync(CHEST_CR);
if (!hasData) console.warn(`export-training-orthanc: skipped, ${CHEST_CR} not found (set DOKUEI_DATA or place the data folder in ../shared/data)`);

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'dokuei-export-training-'));
const reader = { Alphabetic: 'Geheim^Leserin' };
let pacs: PacsConfig;
let source: SourceImage;
let metadata: DicomJson;

const store = async (client: ReturnType<typeof createPacsClient>, datasets: NaturalDataset[]) => {
  const result = await client.storeInstances(datasets.map((ds) => new Uint8Array(toPart10(ds))));
  expect(result.failed).toEqual([]);
};

/** The AI result, two assessments (the second supersedes and adds) and the report the reader signed. */
async function storeFeedback(client: ReturnType<typeof createPacsClient>): Promise<void> {
  const ai = aiResultSr({
    source,
    computedAt: new Date('2026-11-20T09:00:00Z'),
    algorithms: [{ id: 'cxr-triage', version: '1.0.0', sha256: 'a'.repeat(64) }],
    findings: [
      { label: 'abnormal', probability: 0.82, threshold: 0.42, positive: true },
      { label: 'effusion', probability: 0.61, threshold: 0.35, positive: true, region: { kind: 'box', x: 1200, y: 1300, width: 400, height: 300 } },
      { label: 'pneumonia', probability: 0.4, threshold: 0.3, positive: true },
    ],
    qaFlags: [{ kind: 'rotated' }],
    lungAreas: [],
  });
  const parsed = parseDokueiSr(ai);
  if (parsed.kind !== 'ai-result') throw new Error(parsed.kind);
  const [abnormal, effusion, pneumonia] = parsed.content.findings.map((f) => f.trackingUid);
  const aiResult = {
    studyInstanceUid: source.studyInstanceUid,
    seriesInstanceUid: ai.SeriesInstanceUID as string,
    sopClassUid: ai.SOPClassUID as string,
    sopInstanceUid: ai.SOPInstanceUID as string,
  };
  const assessment = (at: string, decisions: Parameters<typeof assessmentSr>[0]['decisions']) =>
    assessmentSr({ source, reader, assessedAt: new Date(at), aiResult, decisions });
  await store(client, [
    ai,
    assessment('2026-11-20T10:00:00Z', [
      { decision: 'accept', label: 'abnormal', trackingUid: abnormal },
      { decision: 'accept', label: 'pneumonia', trackingUid: pneumonia },
      { decision: 'accept', label: 'qa-flag:rotated', trackingUid: '1.2.826.0.1.3680043.8.498.61' },
    ]),
    assessment('2026-11-20T10:05:00Z', [
      { decision: 'edit', label: 'effusion', trackingUid: effusion, region: { kind: 'box', x: 1210, y: 1290, width: 380, height: 320 } },
      { decision: 'reject', label: 'pneumonia', trackingUid: pneumonia, reason: 'overlapping vessels' },
      { decision: 'add', label: 'pneumothorax', region: { kind: 'box', x: 300, y: 200, width: 150, height: 500 } },
    ]),
    reportSr({
      source,
      author: reader,
      writtenAt: new Date('2026-11-20T10:10:00Z'),
      findings: [{ text: 'Effusion.', label: 'effusion' }],
      measurements: [],
      impression: 'Effusion.',
      signOff: { verifier: reader, organization: 'Klinik Geheim', verifiedAt: new Date('2026-11-20T10:15:00Z') },
    }),
  ]);
}

const exportTo = (out: string, ...extra: string[]) =>
  run(resolve(REPO_ROOT, 'node_modules/.bin/tsx'), ['tools/export-training/cli.ts', '--out', out, '--salt-file', join(dir, 'salt'), ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, DOKUEI_PACS_URL: pacs.url, DOKUEI_PACS_USER: pacs.username, DOKUEI_PACS_PASSWORD: pacs.password },
    timeout: 120_000,
  });

const filesUnder = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(root, e.name)) : [join(root, e.name)]));

describe.skipIf(!hasData)('export:training with a real Orthanc', () => {
  beforeAll(async () => {
    pacs = await startOrthanc(join(dir, 'orthanc'));
    const auth = basicAuthHeader(pacs) ?? '';
    const client = createPacsClient({ dicomWebRoot: `${pacs.url}/dicom-web`, orthancRoot: pacs.url, headers: { Authorization: auth } });
    await client.storeInstances([new Uint8Array(readFileSync(CHEST_CR))]);
    const [study] = await client.searchStudies();
    [metadata] = await client.retrieveStudyMetadata(getString(study, Tag.StudyInstanceUID));
    source = sourceImageFromDataset(metadata);
    await storeFeedback(client);
  }, 120_000);

  afterAll(async () => {
    if (pacs) await stopOrthanc(join(dir, 'orthanc'));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('writes reader-confirmed labels and a de-identified image that the evaluation loader reads', async () => {
    const out = join(dir, 'set');
    const { stdout } = await exportTo(out, '--model', 'cxr-triage@1.0.0');
    // The JPEG 2000 codec logs to stdout too: the summary is found by line.
    expect(stdout).toMatch(/^images 1 · patients 1 · (train|val|test) 1$/m);
    expect(stdout).toMatch(/Pneumothorax\s+1\s+0/);

    const set = loadDataSet(out);
    expect(set.rows).toHaveLength(1);
    const [row] = set.rows;
    const salt = readFileSync(join(dir, 'salt'), 'utf8').trim();
    expect(row).toMatchObject({
      view_norm: 'PA',
      modality: 'CR',
      sex: 'F',
      age: '64',
      study_date: shiftDate(source.studyDate, dateShiftDays(salt, source.patientId)),
      offset_days: '0',
      abnormal: '1',
      Effusion: '1',
      Pneumonia: '0',
      Pneumothorax: '1',
      bbox_px: 'effusion:1210,1290,380,320|pneumothorax:300,200,150,500',
      qa_confirmed: 'rotated',
      model: 'cxr-triage@1.0.0',
      reader_role: 'signing-radiologist',
      pneumonia_decision: 'reject',
      pneumonia_ai_probability: '0.4000',
    });
    expect(row.patient_id).toMatch(/^anon-[0-9a-f]{16}$/);
    expect(['train', 'val', 'test']).toContain(row.split);
    expect(binaryLabel(row, 'Effusion')).toBe(1);
    const image = decodeImageFile(join(out, row.file));
    expect([image.width, image.height]).toEqual([Number(row.width), Number(row.height)]);
    expect([image.width, image.height]).toEqual([1841, 1955]);

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.parameters).toEqual({ model: 'cxr-triage@1.0.0' });
    expect(manifest.summary.decisions).toEqual({ accept: 2, reject: 1, edit: 1, add: 1 });
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/Burned-in text/);

    const phi = [
      source.patientName.Alphabetic,
      ...(source.patientName.Alphabetic ?? '').split('^'),
      source.patientId,
      source.accessionNumber,
      source.studyInstanceUid,
      source.seriesInstanceUid,
      source.sopInstanceUid,
      source.patientBirthDate,
      source.studyDate,
      getString(metadata, '00080080'), // InstitutionName
      reader.Alphabetic,
      'overlapping vessels',
    ].filter((v): v is string => !!v && v.length >= 3);
    expect(phi.length).toBeGreaterThanOrEqual(10);
    const files = filesUnder(out);
    expect(files.map((f) => f.slice(out.length + 1)).sort()).toEqual(['README.md', row.file, 'labels.csv', 'manifest.json'].sort());
    for (const file of files) {
      const bytes = readFileSync(file);
      // A PNG's compressed pixels hold short strings by chance: it must carry no text chunk at all.
      if (file.endsWith('.png')) expect(decode(bytes).text, file).toEqual({});
      else for (const value of phi) expect(bytes.toString('utf8').includes(value), `${value} in ${file}`).toBe(false);
    }
  }, 180_000);

  it('exports nothing for decisions before --since, and refuses a folder that holds files', async () => {
    const out = join(dir, 'later');
    await exportTo(out, '--since', '20991231');
    expect(loadDataSet(out).rows).toEqual([]);
    await expect(exportTo(out)).rejects.toMatchObject({ code: 64, stderr: expect.stringMatching(/not empty/) });
  }, 120_000);
});
