/**
 * Integration: the production topology in miniature. One private PostgreSQL cluster holds Orthanc's
 * index; two Orthanc processes share it ("Lock": false) and one storage folder. What is stored through
 * one is found, read and announced on the change feed of the other.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin, startPostgres, stopPostgres } from '../../tools/postgres/postgres';
import { writePart10 } from '../../tools/seed/dicom-writer';
import { storeFiles } from '../../tools/seed/stow';

const root = mkdtempSync(join(tmpdir(), 'dokuei-orthanc-pg-'));
// As root the cluster runs as `postgres`, which must be able to traverse down to it.
chmodSync(root, 0o711);
const dirs = { postgres: join(root, 'postgres'), first: join(root, 'orthanc-1'), second: join(root, 'orthanc-2') };
const storageDir = join(root, 'storage');
let first: PacsConfig;
let second: PacsConfig;

const STUDY = '2.25.81234567890123456789';
const SERIES = `${STUDY}.1`;
const INSTANCE = `${STUDY}.1.1`;

async function get(pacs: PacsConfig, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${pacs.url}${path}`, {
    ...init,
    headers: { Authorization: basicAuthHeader(pacs) ?? '', ...init.headers },
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

beforeAll(async () => {
  const postgres = await startPostgres(dirs.postgres);
  const options = { postgres: orthancIndexLogin(postgres), storageDir };
  // Together, as replicas would start: the plugin serialises creating the schema with its own lock.
  [first, second] = await Promise.all([startOrthanc(dirs.first, options), startOrthanc(dirs.second, options)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopOrthanc(dirs.first), stopOrthanc(dirs.second)]);
  await stopPostgres(dirs.postgres);
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('two Orthancs on one PostgreSQL index and one storage folder', () => {
  it('stores a study over STOW-RS through the first', async () => {
    const bytes = writePart10({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: INSTANCE,
      StudyInstanceUID: STUDY,
      SeriesInstanceUID: SERIES,
      PatientID: 'PG-SHARED-1',
      PatientName: 'Shared^Index',
      StudyDate: '20240102',
      Modality: 'OT',
    });
    expect(await storeFiles(first, [{ name: 'shared.dcm', bytes }])).toEqual({ stored: 1, rejected: [] });
  });

  it('finds it by QIDO-RS on the second', async () => {
    const response = await get(second, `/dicom-web/studies?StudyInstanceUID=${STUDY}`, { headers: { Accept: 'application/dicom+json' } });
    const studies = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
    expect(studies).toHaveLength(1);
    expect(studies[0]['00100020']?.Value).toEqual(['PG-SHARED-1']);
  });

  it('serves the stored file from the shared folder on the second', async () => {
    const lookup = await get(second, '/tools/lookup', { method: 'POST', body: INSTANCE });
    const [{ ID }] = (await lookup.json()) as Array<{ ID: string }>;
    const file = Buffer.from(await (await get(second, `/instances/${ID}/file`)).arrayBuffer());
    expect(file.subarray(128, 132).toString('latin1')).toBe('DICM');
    expect(file.includes(Buffer.from(INSTANCE))).toBe(true);
  });

  it('announces it on the change feed of the second', async () => {
    const lookup = await get(second, '/tools/lookup', { method: 'POST', body: STUDY });
    const [{ ID: studyId }] = (await lookup.json()) as Array<{ ID: string }>;
    const feed = (await (await get(second, '/changes?since=0&limit=100')).json()) as {
      Changes: Array<{ ChangeType: string; ID: string }>;
    };
    expect(feed.Changes).toContainEqual(expect.objectContaining({ ChangeType: 'NewStudy', ID: studyId }));
    expect(feed.Changes.filter((change) => change.ChangeType === 'NewInstance')).toHaveLength(1);
  });
});
