/**
 * Integration: the review store against a real throw-away Orthanc. Decisions become assessment
 * SRs in the PACS, a reload reads the same state back, and decisions made while Orthanc is down
 * wait in the outbox until it is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, type PacsConfig } from '../../../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../../../tools/orthanc/orthanc';
import { createPacsClient } from '../../../../src/services/pacs/client';
import { memoryOutbox } from '../../../../src/services/reading/review/outbox';
import { createReviewStore } from '../../../../src/services/reading/review/store';
import { latestDecisions } from '../../../../src/domain/reading/review/decisions';
import { aiResultSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { aiInput } from '../../../domain/dicom/sr/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-review-orthanc-'));
let pacs: PacsConfig;
let port: number;

beforeAll(async () => {
  pacs = await startOrthanc(dir);
  port = Number(new URL(pacs.url).port);
}, 60_000);

afterAll(async () => {
  await stopOrthanc(dir);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const client = () =>
  createPacsClient({ dicomWebRoot: `${pacs.url}/dicom-web`, orthancRoot: pacs.url, headers: { Authorization: basicAuthHeader(pacs) ?? '' } });
const decisionsIn = (store: ReturnType<typeof createReviewStore>) =>
  [...latestDecisions(store.getState().records).values()]
    .map((r) => [r.decision.label, r.decision.decision, r.pending])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('review store with Orthanc', () => {
  it('stores decisions as assessment SRs, reads them back, and queues them while the PACS is down', async () => {
    const ai = aiResultSr(aiInput);
    await client().storeInstances([new Uint8Array(toPart10(ai))]);
    const storage = memoryOutbox();
    const store = createReviewStore({ reader: () => ({ Alphabetic: 'Reader^Test' }), storage: () => storage });
    const study = aiInput.source.studyInstanceUid;

    await store.load(client(), study);
    const { aiResult } = store.getState();
    expect(aiResult?.sr.sopInstanceUid).toBe(ai.SOPInstanceUID);
    const [abnormal, effusion] = aiResult!.findings;
    await store.decide({ kind: 'finding', key: abnormal.trackingUid, finding: abnormal }, { type: 'accept' });
    await store.decide({ kind: 'finding', key: effusion.trackingUid, finding: effusion }, { type: 'reject' });
    await store.sync(true);
    expect(store.getState().outbox).toEqual([]);

    const reloaded = createReviewStore({ reader: () => ({ Alphabetic: 'Reader^Test' }), storage: () => storage });
    await reloaded.load(client(), study);
    expect(decisionsIn(reloaded)).toEqual([
      ['abnormal', 'accept', false],
      ['effusion', 'reject', false],
    ]);

    await stopOrthanc(dir);
    await reloaded.decide(null, { type: 'add', label: 'pneumonia', trackingUid: '1.2.826.0.1.3680043.8.498.4242' });
    await reloaded.sync(true);
    expect(reloaded.getState().outbox).toHaveLength(1);
    expect(reloaded.getState().outbox[0].lastError).toMatch(/unreachable/i);
    expect(decisionsIn(reloaded)).toContainEqual(['pneumonia', 'add', true]);

    await startOrthanc(dir, { port });
    await reloaded.sync(true);
    expect(reloaded.getState().outbox).toEqual([]);
    const third = createReviewStore({ reader: () => ({ Alphabetic: 'Reader^Test' }), storage: memoryOutbox });
    await third.load(client(), study);
    expect(decisionsIn(third)).toEqual([
      ['abnormal', 'accept', false],
      ['effusion', 'reject', false],
      ['pneumonia', 'add', false],
    ]);
  }, 120_000);

  it('keeps a decision made while the SRs are re-read, before its outbox write has finished', async () => {
    // A study of its own: no decision of the test above applies to it.
    const ai = aiResultSr({ ...aiInput, source: { ...aiInput.source, studyInstanceUid: '1.2.826.0.1.3680043.8.498.777001' } });
    await client().storeInstances([new Uint8Array(toPart10(ai))]);
    const memory = memoryOutbox();
    let release = () => {};
    const writeHeld = new Promise<void>((resolve) => (release = resolve));
    // The outbox write of the decision waits until the reload has read the outbox and finished.
    const storage = { ...memory, put: async (entry: Parameters<typeof memory.put>[0]) => writeHeld.then(() => memory.put(entry)) };
    const store = createReviewStore({ reader: () => ({ Alphabetic: 'Reader^Test' }), storage: () => storage });
    const study = ai.StudyInstanceUID as string;
    await store.load(client(), study);
    const finding = store.getState().aiResult!.findings[0];

    const deciding = store.decide({ kind: 'finding', key: finding.trackingUid, finding }, { type: 'accept' });
    await store.load(client(), study); // the study's AI finished: the same study is read again
    release();
    await deciding;
    expect(decisionsIn(store).map(([label, decision]) => [label, decision])).toEqual([[finding.label, 'accept']]);
  }, 60_000);
});
