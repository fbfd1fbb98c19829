/**
 * The attack suite: raw HTTP over sockets (browsers and fetch normalise what is sent here) against
 * the full server (buildServer: Host check, sessions, CSRF, gateway) in front of a real Orthanc.
 * Every attack must get a 4xx AND leave Orthanc's studies and instances exactly as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticInstance } from '../../tools/seed/synthetic';
import { parseDokueiSr, toPart10 } from '../../src/domain/dicom/sr';
import { documentsAbout, part10, stowBody } from './gateway-fixtures';
import { orthancCounts, orthancJson, rawRequest, type RawAnswer, startTestPacs, type TestPacs } from './gateway-harness';
import { ACCOUNTS, removeTestServer, type SignedIn, signIn, startTestServer, type TestServer } from './support/core-server';

let orthanc: TestPacs;
let server: TestServer;
let reader: SignedIn;
let port: number;
let orthancPort: string;
let orthancStudyId: string;
let counts: { studies: number; instances: number };

beforeAll(async () => {
  orthanc = await startTestPacs(2);
  server = await startTestServer({ config: { pacs: orthanc.pacs } });
  port = Number(new URL(server.url).port);
  orthancPort = new URL(orthanc.pacs.url).port;
  reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
  orthancStudyId = ((await orthancJson(orthanc.pacs, '/studies')) as string[])[0];
  counts = await orthancCounts(orthanc.pacs);
}, 120_000);

afterAll(async () => {
  await removeTestServer(server);
  await orthanc?.stop();
}, 60_000);

const [S, SE, I] = ['STUDY', 'SERIES', 'SOP'];
/** Every allowed route, with real UIDs filled in by `fill`. */
const ALLOWED: Array<[string, string]> = [
  ['GET', '/dicom-web/studies'],
  ['HEAD', '/dicom-web/studies'],
  ['POST', '/dicom-web/studies'],
  ['GET', `/dicom-web/studies/${S}/series`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/instances`],
  ['GET', `/dicom-web/studies/${S}/metadata`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/metadata`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/metadata`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/frames/1`],
  ['GET', `/dicom-web/studies/${S}/series/${SE}/instances/${I}/bulk/7fe00010`],
  ['GET', '/pacs/changes?since=0&limit=10'],
  ['GET', '/pacs/studies/ORTHANC_ID'],
];
function fill(path: string): string {
  const study = orthanc.studies[0];
  return path.replace(S, study.studyUID).replace(SE, study.seriesUID).replace(I, study.sopUID).replace('ORTHANC_ID', orthancStudyId);
}

const sessionHeaders = () => reader.headers; // cookie, X-CSRF-Token, Origin

async function expectRefusedAndUnchanged(answer: RawAnswer | Promise<RawAnswer>, statuses?: number[]): Promise<RawAnswer> {
  const result = await answer;
  expect(result.status, result.text).toBeGreaterThanOrEqual(400);
  expect(result.status, result.text).toBeLessThan(500);
  if (statuses) expect(statuses, result.text).toContain(result.status);
  // Never Orthanc's own body (its errors are JSON with "HttpError"/"OrthancError"; its /system has "DicomAet").
  expect(result.text).not.toMatch(/OrthancError|HttpError|DicomAet|ApiVersion/);
  expect(await orthancCounts(orthanc.pacs)).toEqual(counts);
  return result;
}

/**
 * For targets outside /dicom-web and /pacs, which never reach the gateway: the SPA's client-route
 * fallback may answer them with index.html (200). What matters is that Orthanc is not reached.
 */
async function expectNotProxied(answer: Promise<RawAnswer>): Promise<void> {
  const result = await answer;
  if (result.status === 200) expect(result.text).toContain('<div id="root">');
  else expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.text).not.toMatch(/OrthancError|HttpError|DicomAet|ApiVersion/);
  expect(await orthancCounts(orthanc.pacs)).toEqual(counts);
}

const TRAVERSALS = [
  '/dicom-web/../system',
  '/dicom-web/../studies',
  '/dicom-web/./../system',
  '/dicom-web/%2e%2e/system',
  '/dicom-web/%2E%2E/system',
  '/dicom-web/.%2e/system',
  '/dicom-web/%252e%252e/system',
  '/dicom-web/%25252e%25252e/system',
  '/dicom-web/%c0%ae%c0%ae/system',
  '/dicom-web/%e0%80%ae%e0%80%ae/system',
  '/dicom-web/%u002e%u002e/system',
  '/dicom-web/..%2fsystem',
  '/dicom-web/studies/..%2f..%2fsystem',
  '/dicom-web/..%2Fsystem',
  '/dicom-web/..\\system',
  '/dicom-web/..%5csystem',
  '/dicom-web/%5c..%5csystem',
  '/dicom-web//../system',
  '/dicom-web/studies/%00',
  '/dicom-web/studies%00/../../system',
  '/dicom-web/studies;/../../system',
  '/dicom-web/studies;x=1',
  '/pacs/../system',
  '/pacs/../instances',
  '/pacs/studies/../../tools/find',
  '/pacs/%2e%2e/patients',
  '/pacs/changes/../../system',
  `/dicom-web/studies/${'1.'.repeat(1100)}1/metadata`,
  `/dicom-web/studies?PatientID=${'A'.repeat(9000)}`,
];

describe('attack: path traversal and malformed targets (signed in)', () => {
  it.each(TRAVERSALS.map((t) => [t.length > 120 ? `${t.slice(0, 60)}… (${t.length} chars)` : t, t]))('GET %s', async (_label, target) => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', target, sessionHeaders()));
  });

  it.each(TRAVERSALS.slice(0, 12).map((t) => [t]))('DELETE %s', async (target) => {
    await expectRefusedAndUnchanged(rawRequest(port, 'DELETE', target, sessionHeaders()));
  });

  it('GET //system and absolute-form GET http://127.0.0.1:<orthanc>/system are not proxied', async () => {
    await expectNotProxied(rawRequest(port, 'GET', '//system', sessionHeaders()));
    await expectNotProxied(rawRequest(port, 'GET', `http://127.0.0.1:${orthancPort}/system`, sessionHeaders()));
  });

  it("absolute-form GET of Orthanc's DICOMweb root is refused by the gateway", async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', `http://127.0.0.1:${orthancPort}/dicom-web/studies`, sessionHeaders()), [400]);
  });

  it('absolute-form DELETE of an Orthanc study is not proxied', async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'DELETE', `http://127.0.0.1:${orthancPort}/studies/${orthancStudyId}`, sessionHeaders()));
  });

  it('absolute-form naming the gateway itself is refused too', async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', `http://127.0.0.1:${port}/dicom-web/studies`, sessionHeaders()));
  });

  it('routes outside the allow-list (Orthanc REST through /pacs, unused DICOMweb routes) answer 404', async () => {
    for (const target of [
      '/pacs/system',
      '/pacs/instances',
      `/pacs/studies/${orthancStudyId}/instances`,
      '/pacs/tools/find',
      '/dicom-web/servers',
      `/dicom-web/studies/${orthanc.studies[0].studyUID}/series/${orthanc.studies[0].seriesUID}/instances/${orthanc.studies[0].sopUID}/rendered`,
    ]) {
      await expectRefusedAndUnchanged(rawRequest(port, 'GET', target, sessionHeaders()), [404]);
    }
  });
});

describe('attack: method overrides', () => {
  const studyById = () => `/pacs/studies/${orthancStudyId}`;
  const seriesPath = () => `/dicom-web/studies/${orthanc.studies[0].studyUID}/series`;

  it.each(['X-HTTP-Method-Override', 'X-Method-Override', 'X-HTTP-Method'])('%s: DELETE on GET', async (header) => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', studyById(), { ...sessionHeaders(), [header]: 'DELETE' }), [400]);
  });

  it('X-HTTP-Method-Override: DELETE on POST', async () => {
    const { contentType, body } = stowBody([part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' }).assessment)]);
    await expectRefusedAndUnchanged(
      rawRequest(port, 'POST', '/dicom-web/studies', { ...sessionHeaders(), 'content-type': contentType, 'X-HTTP-Method-Override': 'DELETE' }, body),
      [400],
    );
  });

  it.each(['_method=DELETE', '_METHOD=delete', '%5fmethod=DELETE', '%5Fmethod=DELETE', '_Method=DELETE&limit=1', '%255fmethod=DELETE', '_method'])(
    '?%s',
    async (query) => {
      await expectRefusedAndUnchanged(rawRequest(port, 'GET', `${studyById()}?${query}`, sessionHeaders()), [400]);
      await expectRefusedAndUnchanged(rawRequest(port, 'GET', `${seriesPath()}?${query}`, sessionHeaders()), [400]);
      await expectRefusedAndUnchanged(
        rawRequest(
          port,
          'POST',
          `/dicom-web/studies?${query}`,
          { ...sessionHeaders(), 'content-type': 'multipart/related; type="application/dicom"; boundary=x' },
          Buffer.from('--x--\r\n'),
        ),
        [400],
      );
    },
  );
});

describe('attack: DELETE/PUT/PATCH on every allowed route', () => {
  const cases = ALLOWED.flatMap(([, path]) => ['DELETE', 'PUT', 'PATCH'].map((method) => [method, path] as const));
  it.each(cases)('%s %s', async (method, path) => {
    await expectRefusedAndUnchanged(rawRequest(port, method, fill(path), sessionHeaders(), Buffer.from('{}')), [404, 405]);
  });
});

describe('attack: nobody signed in', () => {
  it.each(ALLOWED)('%s %s → 401', async (method, path) => {
    const body = method === 'POST' ? stowBody([part10(documentsAbout(orthanc.studies[0].source).report)]) : undefined;
    // The server's own Origin, so that the CSRF check is not what stops a POST: the gateway must.
    const headers: Record<string, string> = { origin: server.url, ...(body ? { 'content-type': body.contentType } : {}) };
    await expectRefusedAndUnchanged(rawRequest(port, method, fill(path), headers, body?.body), [401]);
  });

  it('a stolen-looking cookie is no session', async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', '/dicom-web/studies', { cookie: `${reader.cookie.split('=')[0]}=forged` }), [401]);
  });

  it('an unauthenticated traversal probe learns nothing: 401, not 400', async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', '/dicom-web/%2e%2e/system'), [401]);
  });
});

describe('attack: STOW', () => {
  const stowAs = (parts: Uint8Array[], headers = sessionHeaders()) => {
    const { contentType, body } = stowBody(parts);
    return rawRequest(port, 'POST', '/dicom-web/studies', { ...headers, 'content-type': contentType }, body);
  };

  it('oversized (declared over 50 MiB) → 413', async () => {
    await expectRefusedAndUnchanged(
      rawRequest(
        port,
        'POST',
        '/dicom-web/studies',
        { ...sessionHeaders(), 'content-type': 'multipart/related; type="application/dicom"; boundary=x', 'content-length': String(51 * 1024 ** 2) },
        Buffer.from('--x\r\n'),
      ),
      [413],
    );
  });

  it('oversized (a real 51 MiB body) → 413', async () => {
    const big = Buffer.alloc(51 * 1024 ** 2, 0x41);
    const answer = await rawRequest(
      port,
      'POST',
      '/dicom-web/studies',
      { ...sessionHeaders(), 'content-type': 'multipart/related; type="application/dicom"; boundary=x' },
      big,
    ).catch((error: Error) => ({ status: 413, text: `connection closed: ${error.message}`, headers: {}, body: Buffer.alloc(0), json: undefined }));
    await expectRefusedAndUnchanged(answer, [413]);
  });

  it.each([
    ['wrong media type', 'application/dicom', Buffer.from('DICM')],
    ['JSON', 'application/json', Buffer.from('{}')],
    ['no type parameter', 'multipart/related; boundary=x', Buffer.from('--x\r\n\r\nDICM\r\n--x--\r\n')],
    ['type image/jpeg', 'multipart/related; type="image/jpeg"; boundary=x', Buffer.from('--x\r\n\r\nxx\r\n--x--\r\n')],
    ['no boundary', 'multipart/related; type="application/dicom"', Buffer.from('--x\r\n\r\nDICM\r\n--x--\r\n')],
    ['boundary absent from body', 'multipart/related; type="application/dicom"; boundary=x', Buffer.from('garbage')],
    ['truncated body', 'multipart/related; type="application/dicom"; boundary=x', Buffer.from('--x\r\nContent-Type: application/dicom\r\n\r\nDICM')],
    ['empty multipart', 'multipart/related; type="application/dicom"; boundary=x', Buffer.from('--x--\r\n')],
    [
      'a part that is not DICOM',
      'multipart/related; type="application/dicom"; boundary=x',
      Buffer.from('--x\r\nContent-Type: application/dicom\r\n\r\nnot dicom at all\r\n--x--\r\n'),
    ],
  ])('malformed: %s', async (_name, contentType, body) => {
    await expectRefusedAndUnchanged(rawRequest(port, 'POST', '/dicom-web/studies', { ...sessionHeaders(), 'content-type': contentType }, body), [400, 415]);
  });

  it('a truncated DICOM part → 400', async () => {
    const sr = part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' }).report);
    await expectRefusedAndUnchanged(stowAs([sr.subarray(0, Math.floor(sr.length / 2))]), [400]);
  });

  it('an image (non-SR) by a reader, new study → 403', async () => {
    await expectRefusedAndUnchanged(stowAs([syntheticInstance(7).bytes]), [403]);
  });

  it('an image (non-SR) by a reader into an existing study → 403', async () => {
    await expectRefusedAndUnchanged(stowAs([syntheticInstance(1).bytes]), [403]);
  });

  it('an SR for a study not in the PACS → 403', async () => {
    const source = { ...orthanc.studies[0].source, studyInstanceUid: '1.2.826.0.1.3680043.8.498.424242' };
    await expectRefusedAndUnchanged(stowAs([part10(documentsAbout(source, { Alphabetic: 'Reader' }).report)]), [403]);
  });

  it('an SR for an existing study under another PatientID → 403', async () => {
    const source = { ...orthanc.studies[0].source, patientId: 'SOMEONE-ELSE' };
    await expectRefusedAndUnchanged(stowAs([part10(documentsAbout(source, { Alphabetic: 'Reader' }).report)]), [403]);
  });

  it("a report signed in someone else's name → 403", async () => {
    await expectRefusedAndUnchanged(stowAs([part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Other^Anna' }).report)]), [403]);
  });

  it('a foreign (non-Dokuei) SR by a reader → 403', async () => {
    const { report } = documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' });
    const foreign = { ...report, ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2000' }] };
    await expectRefusedAndUnchanged(stowAs([new Uint8Array(toPart10(foreign))]), [403]);
  });

  it('one bad part spoils the whole STOW (a good SR next to an image) → 403', async () => {
    const good = part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' }).assessment);
    await expectRefusedAndUnchanged(stowAs([good, syntheticInstance(8).bytes]), [403]);
  });

  it('cross-site STOW (foreign Origin) → 403', async () => {
    const good = part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' }).assessment);
    await expectRefusedAndUnchanged(stowAs([good], { ...sessionHeaders(), origin: 'https://evil.example' }), [403]);
  });

  it('STOW with the session cookie but without the CSRF token → 403', async () => {
    const good = part10(documentsAbout(orthanc.studies[0].source, { Alphabetic: 'Reader' }).assessment);
    await expectRefusedAndUnchanged(stowAs([good], { cookie: reader.cookie, origin: server.url }), [403]);
  });

  it('a foreign Host header is refused before the gateway', async () => {
    await expectRefusedAndUnchanged(rawRequest(port, 'GET', '/dicom-web/studies', { ...sessionHeaders(), host: 'evil.example' }));
  });
});

describe('control: the same server lets the real thing through', () => {
  it("reads, and stores the signed-in reader's own assessment, stamped with the session's account", async () => {
    const study = orthanc.studies[0];
    expect((await rawRequest(port, 'GET', `/dicom-web/studies?PatientID=${study.patientID}`, sessionHeaders())).status).toBe(200);
    const { assessment } = documentsAbout(study.source, { Alphabetic: 'Reader' });
    const { contentType, body } = stowBody([part10(assessment)]);
    const answer = await rawRequest(
      port,
      'POST',
      '/dicom-web/studies',
      { ...sessionHeaders(), 'content-type': contentType, accept: 'application/dicom+json' },
      body,
    );
    expect(answer.status, answer.text).toBe(200);
    expect(await orthancCounts(orthanc.pacs)).toEqual({ studies: counts.studies, instances: counts.instances + 1 });
    const metadata = await rawRequest(
      port,
      'GET',
      `/dicom-web/studies/${study.studyUID}/series/${assessment.SeriesInstanceUID}/instances/${assessment.SOPInstanceUID}/metadata`,
      sessionHeaders(),
    );
    expect(parseDokueiSr(metadata.json[0])).toMatchObject({ kind: 'assessment', content: { reader: { Alphabetic: 'Reader' } } });
    expect(metadata.text).toContain(ACCOUNTS.reader.name);
    counts = await orthancCounts(orthanc.pacs);
  });
});
