/** The reading-state routes in the server: signed-in only, stamped with the principal, audited. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadingStore } from '../../server/reading/reading-store-orthanc';
import { parseReadingState } from '../../src/domain/triage/reading-state';
import { ACCOUNTS, call, removeTestServer, signIn, startTestServer, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

/** One study, 1.2.3, kept in memory. */
function memoryStore(): ReadingStore {
  let text: string | null = null;
  let seq = 0;
  return {
    studyId: async (uid) => (uid === '1.2.3' ? 'study-1' : null),
    read: async () => ({ text, etag: null }),
    write: async (_id, next) => {
      text = next;
      seq++;
      return true;
    },
    lastChange: async () => seq,
    changedStudies: async (since) => ({ ids: seq > since ? ['study-1'] : [], first: seq > 0 ? 1 : null, last: seq, done: true }),
    allStudies: async () => new Map([['study-1', '1.2.3']]),
    studyUID: async () => '1.2.3',
  };
}

describe('reading-state routes', () => {
  it('need a session, stamp the signed-in reader and record the action', async () => {
    server = await startTestServer({ deps: { readingStore: memoryStore() } });
    expect((await call(server, '/api/reading-states')).status).toBe(401);
    expect((await call(server, '/api/reading-state/1.2.3/claim', { method: 'POST', headers: { origin: server.url } })).status).toBe(401);

    const reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    const claimed = await call(server, '/api/reading-state/1.2.3/claim', { method: 'POST', headers: reader.headers });
    expect(claimed.status).toBe(200);
    expect(parseReadingState(claimed.json.state)).toMatchObject({
      status: 'in-progress',
      stamp: { by: 'reader', at: new Date(server.clock.now()).toISOString() },
    });

    const other = await signIn(server, ACCOUNTS.other.name, ACCOUNTS.other.password);
    const refused = await call(server, '/api/reading-state/1.2.3/claim', { method: 'POST', headers: other.headers });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(/already claimed by reader/);

    const states = await call(server, '/api/reading-states', { headers: { cookie: other.cookie } });
    expect(states.json).toMatchObject({ cursor: 1, complete: true });
    expect(parseReadingState(states.json.states['1.2.3']).status).toBe('in-progress');
    expect((await call(server, '/api/reading-states?since=1', { headers: { cookie: other.cookie } })).json).toEqual({ states: {}, cursor: 1, complete: false });

    const trail = await server.app.audit.query({ studyUID: '1.2.3' });
    expect(trail.map((r) => [r.user, r.event, r.action, r.outcome, r.detail])).toEqual([
      ['anna.other', 'DICOM Instances Accessed', 'U', 4, 'reading state: claim refused (409)'],
      ['reader', 'DICOM Instances Accessed', 'U', 0, 'reading state: claim'],
    ]);
  });

  it('refuses unknown actions, bad UIDs and bad cursors; 404 for a study the PACS lacks', async () => {
    server = await startTestServer({ deps: { readingStore: memoryStore() } });
    const reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    expect((await call(server, '/api/reading-state/1.2.3/delete', { method: 'POST', headers: reader.headers })).status).toBe(404);
    expect((await call(server, '/api/reading-state/1.2.x/claim', { method: 'POST', headers: reader.headers })).status).toBe(400);
    expect((await call(server, '/api/reading-state/9.9/claim', { method: 'POST', headers: reader.headers })).status).toBe(404);
    expect((await call(server, '/api/reading-states?since=-1', { headers: { cookie: reader.cookie } })).status).toBe(400);
  });

  it('without a PACS, answers 502 saying how to configure one', async () => {
    server = await startTestServer();
    const reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    const answer = await call(server, '/api/reading-states', { headers: { cookie: reader.cookie } });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatch(/DOKUEI_PACS_URL/);
  });
});
