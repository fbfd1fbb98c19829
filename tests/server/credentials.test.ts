import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { checkCredentials } from '../../server/auth/credentials';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../server/auth/passwords';
import { UsersStore } from '../../server/auth/users';
import { call, removeTestServer, startTestServer, type TestServer } from './support/core-server';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-credentials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

const annaHash = hashPassword('anna-password');
const usersFile = join(dir, 'users.json');
writeFileSync(
  usersFile,
  JSON.stringify({
    users: [
      { name: 'anna', passwordHash: annaHash },
      { name: 'gone', passwordHash: hashPassword('gone-password'), disabled: true },
      { name: 'bot', passwordHash: '', role: 'service', tokenHash: 'x' },
    ],
  }),
);

describe('checkCredentials', () => {
  it('verifies unknown, disabled and service accounts against the dummy hash: one scrypt for every answer', async () => {
    const verify = vi.fn(verifyPassword);
    const users = new UsersStore(usersFile);
    expect(await checkCredentials(users, 'nobody', 'anna-password', verify)).toMatchObject({ ok: false, reason: 'unknown user' });
    expect(await checkCredentials(users, 'gone', 'gone-password', verify)).toMatchObject({ ok: false, reason: 'account disabled' });
    expect(await checkCredentials(users, 'bot', '', verify)).toMatchObject({ ok: false });
    expect(verify.mock.calls.map((args) => args[1])).toEqual([DUMMY_HASH, DUMMY_HASH, DUMMY_HASH]);
    expect(await checkCredentials(users, 'anna', 'anna-password', verify)).toMatchObject({ ok: true, user: { name: 'anna' } });
    expect(verify).toHaveBeenLastCalledWith('anna-password', annaHash);
  });

  it('the server answers an unknown user only after verifying the dummy hash', async () => {
    const verify = vi.fn(verifyPassword);
    server = await startTestServer({ deps: { verifyPassword: verify } });
    const answer = await call(server, '/api/session/login', {
      method: 'POST',
      headers: { origin: server.url },
      body: { username: 'nobody', password: 'some-password' },
    });
    expect(answer.status).toBe(401);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify).toHaveBeenCalledWith('some-password', DUMMY_HASH);
  });
});
