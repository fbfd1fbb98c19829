/**
 * Integration: an Orthanc from the project's launcher transcodes and previews JPEG 2000 through its
 * GDCM plugin, many requests at once, and stays up. Without tools/orthanc/thread-stack.c, Debian's
 * Orthanc died in the first round of these requests (segfault in gdcm::ImageWriter::Write, whose
 * 132 KiB stack frame does not fit the 100 KiB stacks of Debian's civetweb request threads).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { isOrthancRunning, orthancLogTail, orthancPaths, startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { resolveDataDir } from '../../tools/seed/seed';

const CHEST_CR_J2K = join(resolveDataDir(), 'dicom/chest_cr/RG1_J2KI.dcm');
const EXPLICIT_VR_LITTLE_ENDIAN_FRAME = 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';
const ROUNDS = 3;
const PER_KIND = 6;

const dir = mkdtempSync(join(tmpdir(), 'dokuei-gdcm-'));
let pacs: PacsConfig;
let orthancId: string;
let frameUrl: string;

async function get(path: string, accept?: string): Promise<Response> {
  return fetch(`${pacs.url}${path}`, { headers: { Authorization: basicAuthHeader(pacs) ?? '', ...(accept ? { Accept: accept } : {}) } });
}

beforeAll(async () => {
  pacs = await startOrthanc(dir);
  const file = readFileSync(CHEST_CR_J2K);
  const stored = await fetch(`${pacs.url}/instances`, { method: 'POST', body: file, headers: { Authorization: basicAuthHeader(pacs) ?? '' } });
  expect(stored.ok).toBe(true);
  orthancId = ((await stored.json()) as { ID: string }).ID;
  const ds = dicomParser.parseDicom(new Uint8Array(file), { untilTag: 'x7fe00010' });
  frameUrl = `/dicom-web/studies/${ds.string('x0020000d')}/series/${ds.string('x0020000e')}/instances/${ds.string('x00080018')}/frames/1`;
}, 60_000);

afterAll(async () => {
  await stopOrthanc(dir);
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('Orthanc decoding JPEG 2000 with GDCM on its request threads', () => {
  it('runs with the thread-stack shim loaded', () => {
    const pid = Number(readFileSync(orthancPaths(dir).pid, 'utf8'));
    expect(readFileSync(`/proc/${pid}/maps`, 'utf8')).toMatch(/orthanc-thread-stack-[0-9a-f]+\.so/);
  });

  it('answers transcoded frames, previews and rendered frames, many at once, and stays up', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const requests = Array.from({ length: PER_KIND }, () => [
        get(frameUrl, EXPLICIT_VR_LITTLE_ENDIAN_FRAME),
        get(`/instances/${orthancId}/preview`),
        get(`${frameUrl.replace(/\/frames\/1$/, '')}/rendered`),
      ]).flat();
      const statuses = (
        await Promise.all(
          requests.map((request) =>
            request.then(
              (response) => response.status,
              () => 'refused',
            ),
          ),
        )
      ).sort();
      expect(statuses, `round ${round + 1}; Orthanc log ends:\n${orthancLogTail(dir, 10)}`).toEqual(Array(requests.length).fill(200));
    }
    expect(isOrthancRunning(dir)).toBe(true);
  }, 180_000);
});
