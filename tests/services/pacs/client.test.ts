import { describe, expect, it } from 'vitest';
import { createPacsClient } from '../../../src/services/pacs/client';
import { PacsAuthError, PacsHttpError, PacsResponseError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { qidoSearchParams } from '../../../src/domain/dicom/qido';
import { Tag } from '../../../src/domain/dicom/tags';

/** A fetch that records requests and answers with a fixed response (unit level: no PACS here). */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const requests: { url: string; init?: RequestInit }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init });
    return answer();
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('qidoSearchParams', () => {
  it.each([
    [{}, ''],
    [{ match: { PatientID: 'P1', StudyDate: '' } }, 'PatientID=P1'],
    [{ includefield: [Tag.StudyDescription, 'PatientAge'] }, 'includefield=00081030&includefield=PatientAge'],
    [{ includefield: 'all' as const, limit: 10, offset: 20, fuzzymatching: true }, 'includefield=all&fuzzymatching=true&limit=10&offset=20'],
    [{ match: { PatientName: 'Müller*' }, offset: 0 }, 'PatientName=M%C3%BCller*'],
  ])('%j → %s', (query, expected) => {
    expect(qidoSearchParams(query).toString()).toBe(expected);
  });
});

describe('PacsClient errors', () => {
  it.each<[string, () => Response | Promise<Response>, new (...args: never[]) => Error, number | undefined]>([
    ['network failure', () => Promise.reject(new TypeError('Failed to fetch')), PacsUnreachableError, undefined],
    ['proxy cannot reach the PACS', () => new Response('', { status: 502 }), PacsUnreachableError, 502],
    ['gateway timeout', () => new Response('', { status: 504 }), PacsUnreachableError, 504],
    ['credentials refused', () => new Response('Unauthorized', { status: 401 }), PacsAuthError, 401],
    ['forbidden', () => new Response('', { status: 403 }), PacsAuthError, 403],
    ['server error', () => new Response('{"Message":"boom"}', { status: 500 }), PacsHttpError, 500],
    ['not found', () => new Response('', { status: 404 }), PacsHttpError, 404],
    ['invalid JSON', () => new Response('<html>', { status: 200 }), PacsResponseError, 200],
    ['JSON that is not an array', () => new Response('{"a":1}', { status: 200 }), PacsResponseError, undefined],
  ])('%s', async (_, answer, errorClass, status) => {
    const client = createPacsClient({ fetch: fakeFetch(answer).fetch });
    const failure = await client.searchStudies().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(errorClass);
    expect((failure as PacsHttpError).status).toBe(status);
  });

  it('lets an abort through as an abort', async () => {
    const client = createPacsClient({ fetch: fakeFetch(() => Promise.reject(new DOMException('aborted', 'AbortError'))).fetch });
    await expect(client.searchStudies()).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('PacsClient requests', () => {
  it('roots QIDO at the same-origin proxy and asks for DICOM JSON', async () => {
    const { fetch, requests } = fakeFetch(() => new Response('[{"0020000D":{"vr":"UI","Value":["1.2"]}}, null]'));
    const client = createPacsClient({ fetch });
    const studies = await client.searchSeries('1.2.3', { limit: 5 });
    expect(studies).toHaveLength(1);
    expect(requests[0].url).toBe('/dicom-web/studies/1.2.3/series?limit=5');
    expect(new Headers(requests[0].init?.headers).get('accept')).toBe('application/dicom+json');
  });

  it('treats 204 No Content as no match', async () => {
    const client = createPacsClient({ fetch: fakeFetch(() => new Response(null, { status: 204 })).fetch });
    expect(await client.searchInstances('1.2', '3.4')).toEqual([]);
  });

  it('reads the change feed from /pacs/changes', async () => {
    const { fetch, requests } = fakeFetch(
      () => new Response(JSON.stringify({ Changes: [{ ChangeType: 'NewStudy', ResourceType: 'Study', ID: 'x', Seq: 8, Date: 'd' }], Done: true, Last: 8 })),
    );
    const page = await createPacsClient({ fetch }).fetchChanges(7, 50);
    expect(requests[0].url).toBe('/pacs/changes?since=7&limit=50');
    expect(page).toEqual({ changes: [{ seq: 8, changeType: 'NewStudy', resourceType: 'Study', id: 'x', date: 'd' }], done: true, last: 8 });
  });

  it('looks up a study UID by Orthanc id under the Orthanc root', async () => {
    const { fetch, requests } = fakeFetch(() => new Response(JSON.stringify({ MainDicomTags: { StudyInstanceUID: '1.2.3 ' } })));
    expect(await createPacsClient({ fetch, orthancRoot: 'http://pacs:8042/' }).fetchOrthancStudyUID('ab-cd')).toBe('1.2.3');
    expect(requests[0].url).toBe('http://pacs:8042/studies/ab-cd');
  });

  it("reads an Orthanc study's UID, PatientID and series ids (what the study cache's change follower compares)", async () => {
    const body = { MainDicomTags: { StudyInstanceUID: '1.2.3' }, PatientMainDicomTags: { PatientID: 'P1 ' }, Series: ['a-b', 'c-d', 7] };
    const { fetch } = fakeFetch(() => new Response(JSON.stringify(body)));
    expect(await createPacsClient({ fetch }).fetchOrthancStudy('ab-cd')).toEqual({ studyInstanceUid: '1.2.3', patientId: 'P1', seriesIds: ['a-b', 'c-d'] });
  });

  it('reports a study lookup answered by an HTML page (route not proxied) as a bad answer', async () => {
    const client = createPacsClient({ fetch: fakeFetch(() => new Response('<!doctype html>')).fetch });
    await expect(client.fetchOrthancStudyUID('x')).rejects.toBeInstanceOf(PacsResponseError);
  });

  it('rejects a change feed of the wrong shape', async () => {
    const client = createPacsClient({ fetch: fakeFetch(() => new Response('[]')).fetch });
    await expect(client.fetchLastChangeSeq()).rejects.toBeInstanceOf(PacsResponseError);
  });

  it('sends STOW as multipart/related and reports stored and failed instances', async () => {
    const answer = {
      [Tag.ReferencedSOPSequence]: { vr: 'SQ', Value: [{ [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: ['1.1'] } }] },
      [Tag.FailedSOPSequence]: {
        vr: 'SQ',
        Value: [{ [Tag.ReferencedSOPInstanceUID]: { vr: 'UI', Value: ['1.2'] }, [Tag.FailureReason]: { vr: 'US', Value: [272] } }],
      },
    };
    const { fetch, requests } = fakeFetch(() => new Response(JSON.stringify(answer)));
    const result = await createPacsClient({ fetch, headers: { Authorization: 'Basic x' } }).storeInstances([new Uint8Array([1, 2])]);
    const headers = new Headers(requests[0].init?.headers);
    expect(requests[0].init?.method).toBe('POST');
    expect(headers.get('content-type')).toMatch(/^multipart\/related; type="application\/dicom"; boundary=/);
    expect(headers.get('authorization')).toBe('Basic x');
    expect(result).toEqual({
      stored: [{ sopClassUID: '', sopInstanceUid: '1.1', retrieveURL: '' }],
      failed: [{ sopInstanceUid: '1.2', reason: '272' }],
    });
  });
});
