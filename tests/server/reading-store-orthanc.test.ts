/**
 * Integration: reading states in a real throw-away Orthanc run with `CheckRevisions: true` (the
 * line the project's Orthanc config needs). Two app servers (two services, no shared lock) claim
 * the same study at once: Orthanc's revision check must leave exactly one winner.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/lib/free-port';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { orthancReadingStore } from '../../server/reading/reading-store-orthanc';
import { readingService } from '../../server/reading/reading-service';
import { buildOrthancConfig, ORTHANC_BINARY } from '../../tools/orthanc/config';
import { writePart10 } from '../../tools/seed/dicom-writer';
import { parseReadingState } from '../../src/domain/triage/reading-state';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-reading-'));
let orthanc: ChildProcess;
let pacs: PacsConfig;
const STUDY = '2.25.4242424242';

beforeAll(async () => {
  const port = await freePort();
  pacs = { url: `http://127.0.0.1:${port}`, username: 'dokuei', password: 'reading-test' };
  const config = { ...buildOrthancConfig({ port, storageDir: join(dir, 'store'), ...pacs }), Plugins: [], CheckRevisions: true };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(config));
  orthanc = spawn(ORTHANC_BINARY, [join(dir, 'orthanc.json')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${pacs.url}/system`, { headers: { Authorization: `Basic ${btoa('dokuei:reading-test')}` } }).catch(() => null);
    if (up?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const instance = writePart10({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
    SOPInstanceUID: `${STUDY}.1.1`,
    StudyInstanceUID: STUDY,
    SeriesInstanceUID: `${STUDY}.1`,
    PatientID: 'READING-1',
    Modality: 'OT',
  });
  // Orthanc stores it over REST (the DICOMweb plugin is not loaded in this instance).
  const stored = await fetch(`${pacs.url}/instances`, {
    method: 'POST',
    body: Buffer.from(instance),
    headers: { Authorization: `Basic ${btoa('dokuei:reading-test')}` },
  });
  expect(stored.ok).toBe(true);
}, 60_000);

afterAll(() => {
  orthanc?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

describe('reading state in Orthanc', () => {
  it('two app servers claiming at once: exactly one wins, the other is told who', async () => {
    const servers = [readingService(orthancReadingStore(pacs)), readingService(orthancReadingStore(pacs))];
    for (let round = 0; round < 4; round++) {
      const replies = await Promise.all([servers[0].act(STUDY, 'claim', 'alice'), servers[1].act(STUDY, 'claim', 'bob')]);
      const winners = replies.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      const winner = parseReadingState(winners[0].body.state).stamp?.by;
      const loser = replies.find((r) => r.status === 409);
      expect(loser?.body).toMatchObject({ error: expect.stringContaining(`already claimed by ${winner}`) });
      expect((await servers[0].act(STUDY, 'release', winner!)).status).toBe(200);
    }
  });

  it('lists every state, then only what changed since the cursor', async () => {
    const service = readingService(orthancReadingStore(pacs));
    const all = await service.list(null);
    expect(all.complete).toBe(true);
    expect(parseReadingState(all.states[STUDY]).status).toBe('unread');
    expect(await service.list(all.cursor)).toEqual({ states: {}, cursor: all.cursor, complete: false });
    await service.act(STUDY, 'claim', 'carol');
    const changed = await service.list(all.cursor);
    expect(changed.complete).toBe(false);
    expect(parseReadingState(changed.states[STUDY])).toMatchObject({ status: 'in-progress', stamp: { by: 'carol' } });
  });

  it('lists every state again once the change log was cleared (a full scan then)', async () => {
    const service = readingService(orthancReadingStore(pacs));
    const before = await service.list(null);
    expect(Object.keys(before.states)).toEqual([STUDY]);
    const cleared = await fetch(`${pacs.url}/changes`, { method: 'DELETE', headers: { Authorization: `Basic ${btoa('dokuei:reading-test')}` } });
    expect(cleared.ok).toBe(true);
    expect((await service.list(null)).states).toEqual(before.states);
  });

  it('refuses a study the PACS does not have', async () => {
    expect((await readingService(orthancReadingStore(pacs)).act('1.2.3.404', 'claim', 'alice')).status).toBe(404);
  });
});
