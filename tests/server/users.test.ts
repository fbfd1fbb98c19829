import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, hashPasswordAsync, verifyPassword } from '../../server/auth/passwords';
import { defaultDicomName, ensureUsersFile, resolveUser, UsersStore, writeUsersFile } from '../../server/auth/users';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passwords', () => {
  it('hashes with a random salt and verifies only the right password (sync and async hashes alike)', async () => {
    const hash = hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(hash).not.toBe(hashPassword('s3cret'));
    expect(await verifyPassword('s3cret', hash)).toBe(true);
    expect(await verifyPassword('S3cret', hash)).toBe(false);
    expect(await verifyPassword('s3cret', 'plain')).toBe(false);
    expect(await verifyPassword('async-one', await hashPasswordAsync('async-one'))).toBe(true);
  });

  it('reads hashes written by the earlier tools/lib/users.ts (same format)', async () => {
    const salt = Buffer.from('0123456789abcdef');
    expect(await verifyPassword('legacy-pw', hashPassword('legacy-pw', salt))).toBe(true);
    // "scrypt:<salt>:<key>" made with scryptSync(password, salt, 32) by the old module:
    const { scryptSync } = await import('node:crypto');
    const legacy = `scrypt:${salt.toString('base64')}:${scryptSync('legacy-pw', salt, 32).toString('base64')}`;
    expect(await verifyPassword('legacy-pw', legacy)).toBe(true);
  });
});

describe('users file', () => {
  it('fills in defaults: role reader, display name, DICOM name', () => {
    expect(resolveUser({ name: 'anna.reader', passwordHash: 'x' })).toMatchObject({
      role: 'reader',
      displayName: 'anna.reader',
      dicomName: 'Reader^Anna',
      disabled: false,
    });
    expect(defaultDicomName('demo')).toBe('Demo');
    expect(defaultDicomName('jean_luc-picard')).toBe('Picard^Jean Luc');
    expect(resolveUser({ name: 'x', passwordHash: 'x', role: 'root' as never }).role).toBe('reader');
  });

  it('writes atomically with mode 0600 and leaves no temporary file', () => {
    const path = join(dir, 'atomic', 'users.json');
    writeUsersFile(path, { users: [{ name: 'a', passwordHash: 'h' }] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'atomic'))).toEqual(['users.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ users: [{ name: 'a', passwordHash: 'h' }] });
  });

  it('creates admin and reader once on first start, never storing the passwords in clear', async () => {
    const path = join(dir, 'first', 'users.json');
    const passwords = ensureUsersFile(path)!;
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(passwords.admin);
    expect(text).not.toContain(passwords.reader);
    const store = new UsersStore(path);
    expect(store.find('admin')?.role).toBe('admin');
    expect(await verifyPassword(passwords.reader, store.find('reader')!.passwordHash)).toBe(true);
    expect(ensureUsersFile(path)).toBeNull();
  });

  it('the store follows changes of the file and keeps the last good list when it is broken', () => {
    const path = join(dir, 'follow.json');
    writeFileSync(path, JSON.stringify({ users: [{ name: 'alice', passwordHash: 'a' }] }));
    const store = new UsersStore(path);
    expect(store.find('alice')).not.toBeNull();
    writeUsersFile(path, { users: [{ name: 'bob', passwordHash: 'b', role: 'service', tokenHash: 'feed' }] });
    expect(store.find('alice')).toBeNull();
    expect(store.findByTokenHash('feed')?.name).toBe('bob');
    writeFileSync(path, '{"users": [');
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(store.find('bob')).not.toBeNull();
  });
});
