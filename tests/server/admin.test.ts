import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, removeTestServer, SERVICE_TOKEN, signIn, startTestServer, type TestServer } from './support/core-server';

let server: TestServer | undefined;
afterEach(() => removeTestServer(server));

describe('admin-only routes', () => {
  it('refuse readers and service accounts (403, audited), anonymous callers (401); admins get them', async () => {
    server = await startTestServer();
    const reader = await signIn(server, ACCOUNTS.reader.name, ACCOUNTS.reader.password);
    const admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
    for (const path of ['/api/admin/users', '/api/admin/audit']) {
      expect((await call(server, path)).status).toBe(401);
      const refused = await call(server, path, { headers: { cookie: reader.cookie } });
      expect(refused.status).toBe(403);
      expect(refused.json).toEqual({ error: 'needs the admin role' });
      expect((await call(server, path, { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } })).status).toBe(403);
      expect((await call(server, path, { headers: { cookie: admin.cookie } })).status).toBe(200);
    }
    expect((await call(server, '/api/admin/users/admin/unlock', { method: 'POST', headers: reader.headers })).status).toBe(403);
    const alerts = await server.app.audit.query({ event: 'Security Alert', user: 'reader' });
    expect(alerts.map((a) => a.detail)).toEqual([
      'POST /api/admin/users/admin/unlock refused: needs the admin role',
      'GET /api/admin/audit refused: needs the admin role',
      'GET /api/admin/users refused: needs the admin role',
    ]);
  });

  it('lists users without secrets', async () => {
    server = await startTestServer();
    const admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
    const answer = await call(server, '/api/admin/users', { headers: { cookie: admin.cookie } });
    expect(answer.json.users.map((u: { name: string; role: string }) => `${u.name}:${u.role}`)).toEqual([
      'admin:admin',
      'ai-worker:service',
      'anna.other:reader',
      'reader:reader',
    ]);
    expect(answer.json.users[2]).toEqual({
      name: 'anna.other',
      displayName: 'anna.other',
      dicomName: 'Other^Anna',
      role: 'reader',
      disabled: false,
      failures: 0,
      lockedUntil: null,
    });
    expect(answer.text).not.toMatch(/scrypt|Hash/);
  });

  it('unlock of an unknown user is 404', async () => {
    server = await startTestServer();
    const admin = await signIn(server, ACCOUNTS.admin.name, ACCOUNTS.admin.password);
    expect((await call(server, '/api/admin/users/nobody/unlock', { method: 'POST', headers: admin.headers })).status).toBe(404);
  });
});
