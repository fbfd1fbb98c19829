/**
 * Integration: the gateway on a minimal Fastify in front of a real Orthanc. What the app does works
 * (QIDO, WADO metadata/frames/bulk data, the change feed, STOW of its results) and what it stores
 * names the session's reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMultipart, boundaryOf } from '../../src/domain/dicom/multipart';
import { type NaturalDataset, parseDokueiSr } from '../../src/domain/dicom/sr';
import { documentsAbout, part10, readerA, readerB, stowBody, aiWorker } from './gateway-fixtures';
import { type GatewayApp, orthancCounts, rawRequest, startGatewayApp, startTestPacs, type TestPacs } from './gateway-harness';

let orthanc: TestPacs;
let gateway: GatewayApp;

beforeAll(async () => {
  orthanc = await startTestPacs(2);
  gateway = await startGatewayApp(orthanc.pacs, { a: readerA, b: readerB, ai: aiWorker });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orthanc?.stop();
}, 60_000);

const asA = { 'x-test-user': 'a' };
const get = (target: string, headers: Record<string, string> = asA) => rawRequest(gateway.port, 'GET', target, headers);

function stow(parts: Uint8Array[], user = 'a') {
  const { contentType, body } = stowBody(parts);
  return rawRequest(gateway.port, 'POST', '/dicom-web/studies', { 'x-test-user': user, 'content-type': contentType, accept: 'application/dicom+json' }, body);
}

describe('gateway → Orthanc: reads', () => {
  it('answers QIDO and records the query with its match keys only', async () => {
    const study = orthanc.studies[0];
    const answer = await get(`/dicom-web/studies?PatientID=${study.patientID}&includefield=00081030`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('application/dicom+json');
    expect(answer.json.map((s: Record<string, { Value: string[] }>) => s['0020000D'].Value[0])).toEqual([study.studyUID]);
    expect(gateway.events.at(-1)).toMatchObject({ event: 'Query', user: 'hsuzuki', patientID: study.patientID, outcome: 0 });
    expect(gateway.events.at(-1)?.detail).toContain('PatientID');
    expect(gateway.events.at(-1)?.detail).not.toContain(study.patientID);
  });

  it('answers HEAD like GET, without a body', async () => {
    const answer = await rawRequest(gateway.port, 'HEAD', '/dicom-web/studies', asA);
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
  });

  it('passes only whitelisted answer headers and keeps PACS answers out of shared caches', async () => {
    const answer = await get(`/dicom-web/studies/${orthanc.studies[0].studyUID}/series`);
    expect(answer.status).toBe(200);
    expect(answer.headers.server).toBeUndefined();
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['cache-control']).toBe('private, no-store');
  });

  it('serves metadata whose BulkDataURIs point back at the gateway, and the bulk data itself', async () => {
    const { studyUID, seriesUID } = orthanc.studies[0];
    const metadata = await get(`/dicom-web/studies/${studyUID}/series/${seriesUID}/metadata`);
    expect(metadata.status).toBe(200);
    const uri = String(metadata.json[0]['7FE00010'].BulkDataURI);
    expect(new URL(uri).host).toBe(gateway.host);
    const bulk = await get(new URL(uri).pathname, { ...asA, accept: 'multipart/related; type="application/octet-stream"' });
    expect(bulk.status).toBe(200);
    const [pixels] = decodeMultipart(bulk.body, boundaryOf(bulk.headers['content-type'])!);
    expect(pixels.length).toBe(16 * 16);
  });

  it('serves frames, and records one access per reader and study, not one per frame', async () => {
    const { studyUID, seriesUID, sopUID } = orthanc.studies[1];
    const before = gateway.events.filter((e) => e.event === 'DICOM Instances Accessed' && e.studyUID === studyUID).length;
    for (let i = 0; i < 3; i++) {
      const frames = await get(`/dicom-web/studies/${studyUID}/series/${seriesUID}/instances/${sopUID}/frames/1`, {
        ...asA,
        accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*',
      });
      expect(frames.status).toBe(200);
      expect(frames.headers['content-type']).toContain('multipart/related');
    }
    const after = gateway.events.filter((e) => e.event === 'DICOM Instances Accessed' && e.studyUID === studyUID);
    expect(after.length - before).toBe(1);
    expect(after.at(-1)).toMatchObject({ action: 'R', user: 'hsuzuki', outcome: 0 });
  });

  it("keeps a PACS 404 a 404 without echoing Orthanc's body", async () => {
    const answer = await get('/dicom-web/studies/1.2.3.4.5.6.7/metadata');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ error: 'PACS answered 404', status: 404 });
  });

  it('reads the change feed and maps an Orthanc study id to its UID', async () => {
    const last = await get('/pacs/changes?last');
    expect(last.status).toBe(200);
    const page = await get('/pacs/changes?since=0&limit=100');
    const change = page.json.Changes.find((c: { ResourceType: string }) => c.ResourceType === 'Study');
    const study = await get(`/pacs/studies/${change.ID}`);
    expect(study.status).toBe(200);
    expect(orthanc.studies.map((s) => s.studyUID)).toContain(study.json.MainDicomTags.StudyInstanceUID);
  });

  it('refuses a method override header: a GET never becomes a DELETE', async () => {
    const before = await orthancCounts(orthanc.pacs);
    const answer = await get(
      `/pacs/studies/${(await get('/pacs/changes?since=0&limit=100')).json.Changes.find((c: { ResourceType: string }) => c.ResourceType === 'Study').ID}`,
      {
        ...asA,
        'X-HTTP-Method-Override': 'DELETE',
      },
    );
    expect(answer.status).toBe(400);
    expect(await orthancCounts(orthanc.pacs)).toEqual(before);
  });
});

describe('gateway → Orthanc: STOW of results', () => {
  async function storedMetadata(ds: NaturalDataset): Promise<NaturalDataset> {
    const answer = await get(`/dicom-web/studies/${ds.StudyInstanceUID}/series/${ds.SeriesInstanceUID}/instances/${ds.SOPInstanceUID}/metadata`);
    expect(answer.status).toBe(200);
    return answer.json[0];
  }

  it("stores reader A's assessment and report into an existing study, naming A (stamped with A's account)", async () => {
    const study = orthanc.studies[0];
    // Written with A's name in another case: the stored documents carry the account's own spelling.
    const { assessment, report } = documentsAbout(study.source, { Alphabetic: 'SUZUKI^HANAKO' });
    const answer = await stow([part10(assessment), part10(report)]);
    expect(answer.status).toBe(200);
    const storedAssessment = parseDokueiSr(await storedMetadata(assessment));
    expect(storedAssessment).toMatchObject({ kind: 'assessment', content: { reader: { Alphabetic: 'Suzuki^Hanako' } } });
    const storedReport = await storedMetadata(report);
    expect(parseDokueiSr(storedReport)).toMatchObject({
      kind: 'report',
      content: { author: { Alphabetic: 'Suzuki^Hanako' }, signOff: { verifier: { Alphabetic: 'Suzuki^Hanako' } } },
    });
    expect(JSON.stringify(storedReport)).toContain('hsuzuki');
    expect(gateway.events.at(-1)).toMatchObject({ event: 'DICOM Instances Transferred', action: 'C', outcome: 0, studyUID: study.studyUID, user: 'hsuzuki' });
  });

  it("stamps an AI result from reader B's browser as computed in B's session", async () => {
    const { aiResult } = documentsAbout(orthanc.studies[1].source);
    expect((await stow([part10(aiResult)], 'b')).status).toBe(200);
    expect(parseDokueiSr(await storedMetadata(aiResult))).toMatchObject({ kind: 'ai-result', content: { computedInSessionOf: 'Sato^Taro' } });
  });

  it("takes the AI workers' AI result as it is", async () => {
    const { aiResult } = documentsAbout(orthanc.studies[1].source);
    expect((await stow([part10(aiResult)], 'ai')).status).toBe(200);
    const parsed = parseDokueiSr(await storedMetadata(aiResult));
    expect(parsed.kind).toBe('ai-result');
    expect(parsed).not.toHaveProperty('content.computedInSessionOf');
  });

  it("refuses A's report sent from B's session, stores nothing and raises a security alert", async () => {
    const before = await orthancCounts(orthanc.pacs);
    const { report } = documentsAbout(orthanc.studies[0].source);
    const answer = await stow([part10(report)], 'b');
    expect(answer.status).toBe(403);
    expect(await orthancCounts(orthanc.pacs)).toEqual(before);
    expect(gateway.events.at(-1)).toMatchObject({ event: 'Security Alert', user: 'tsato', studyUID: orthanc.studies[0].studyUID });
  });
});

describe('gateway without a reachable PACS', () => {
  it('answers 502 "No PACS configured" when there is none, and 502 "PACS unreachable" when it is down', async () => {
    const none = await startGatewayApp(null, { a: readerA });
    const down = await startGatewayApp({ url: 'http://127.0.0.1:9', username: 'x', password: 'y' }, { a: readerA });
    try {
      const noPacs = await rawRequest(none.port, 'GET', '/dicom-web/studies', asA);
      expect(noPacs.status).toBe(502);
      expect(noPacs.json.error).toBe('No PACS configured');
      const unreachable = await rawRequest(down.port, 'GET', '/dicom-web/studies', asA);
      expect(unreachable.status).toBe(502);
      expect(unreachable.json).toEqual({ error: 'PACS unreachable' });
      // Signed in first, even with no PACS: an anonymous caller gets 401.
      expect((await rawRequest(none.port, 'GET', '/dicom-web/studies')).status).toBe(401);
    } finally {
      await none.close();
      await down.close();
    }
  });
});
