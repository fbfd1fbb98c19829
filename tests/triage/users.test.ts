import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureUsersFile, hashPassword, parseBasicAuth, userAuthenticator, verifyPassword } from '../../scripts/lib/users';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const basic = (name: string, password: string) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

describe('users', () => {
  it('hashes with a random salt and verifies only the right password', () => {
    const hash = hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt:/);
    expect(hash).not.toBe(hashPassword('s3cret'));
    expect(verifyPassword('s3cret', hash)).toBe(true);
    expect(verifyPassword('S3cret', hash)).toBe(false);
    expect(verifyPassword('s3cret', 'plain')).toBe(false);
  });

  it('parses Basic credentials (a colon may be in the password)', () => {
    expect(parseBasicAuth(basic('alice', 'a:b'))).toEqual({ name: 'alice', password: 'a:b' });
    expect(parseBasicAuth('Bearer x')).toBeNull();
    expect(parseBasicAuth(undefined)).toBeNull();
  });

  it('generates a demo user once, never storing the password in clear', () => {
    const path = join(dir, 'generated', 'users.json');
    const password = ensureUsersFile(path);
    expect(password).toBeTruthy();
    expect(readFileSync(path, 'utf8')).not.toContain(password!);
    expect(userAuthenticator(path)(basic('demo', password!))).toBe('demo');
    expect(ensureUsersFile(path)).toBeNull();
  });

  it('authenticates against the file and follows its changes', async () => {
    const path = join(dir, 'users.json');
    writeFileSync(path, JSON.stringify({ users: [{ name: 'alice', passwordHash: hashPassword('pw-a') }] }));
    const authenticate = userAuthenticator(path);
    expect(authenticate(basic('alice', 'pw-a'))).toBe('alice');
    expect(authenticate(basic('alice', 'wrong'))).toBeNull();
    expect(authenticate(basic('bob', 'pw-a'))).toBeNull();
    expect(authenticate(undefined)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 20)); // a new mtime
    writeFileSync(path, JSON.stringify({ users: [{ name: 'bob', passwordHash: hashPassword('pw-b') }] }));
    expect(authenticate(basic('alice', 'pw-a'))).toBeNull();
    expect(authenticate(basic('bob', 'pw-b'))).toBe('bob');
  });
});
