/** The users CLI as an administrator runs it (tsx, a users file given by DOKUEI_USERS_FILE). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords';
import { sha256 } from '../../server/auth/tokens';
import type { UsersFile } from '../../server/auth/users';

const dir = mkdtempSync(join(tmpdir(), 'dokuei-users-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const usersFile = join(dir, 'users.json');
const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

function users(args: string[], input = '') {
  const result = spawnSync(TSX, ['server/users-cli.ts', ...args], { env: { ...process.env, DOKUEI_USERS_FILE: usersFile }, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
const stored = () => (JSON.parse(readFileSync(usersFile, 'utf8')) as UsersFile).users;
const user = (name: string) => stored().find((u) => u.name === name)!;

describe('npm run users', () => {
  it('adds readers with a password from stdin, and lists them', async () => {
    const added = users(['add', 'anna', '--display', 'Dr A. Reader', '--dicom', 'Reader^Anna', '--password-stdin'], 'anna-password-1\n');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(user('anna')).toMatchObject({ role: 'reader', displayName: 'Dr A. Reader', dicomName: 'Reader^Anna' });
    expect(await verifyPassword('anna-password-1', user('anna').passwordHash)).toBe(true);
    expect(users(['add', 'boss', '--role', 'admin', '--password-stdin'], 'boss-password-1\n').status).toBe(0);
    const list = users(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^anna\s+reader\s+active\s+Dr A\. Reader\s+Reader\^Anna$/m);
    expect(list.stdout).toMatch(/^boss\s+admin\s+active/m);
    expect(list.stdout).not.toMatch(/scrypt/);
  });

  it('refuses short passwords, duplicate names, bad roles and unknown commands with a non-zero exit', () => {
    expect(users(['add', 'shorty', '--password-stdin'], 'short\n')).toMatchObject({ status: 1, stderr: expect.stringMatching(/at least 10/) });
    expect(users(['add', 'anna', '--password-stdin'], 'anna-password-2\n')).toMatchObject({ status: 1, stderr: expect.stringMatching(/already exists/) });
    expect(users(['add', 'x', '--role', 'root', '--password-stdin'], 'long-enough-pw\n')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/role must be one of/),
    });
    expect(users(['frobnicate']).status).toBe(2);
    expect(users(['disable', 'nobody'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/no user nobody/) });
    expect(stored().map((u) => u.name)).toEqual(['anna', 'boss']);
  });

  it('disables, enables, changes roles and unlocks', () => {
    expect(users(['disable', 'anna']).status).toBe(0);
    expect(user('anna').disabled).toBe(true);
    expect(users(['enable', 'anna']).status).toBe(0);
    expect(user('anna').disabled).toBeUndefined();
    expect(users(['role', 'anna', 'admin']).status).toBe(0);
    expect(user('anna').role).toBe('admin');
    expect(users(['unlock', 'anna']).status).toBe(0);
    expect(Date.parse(user('anna').unlockedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('changes a password', async () => {
    expect(users(['passwd', 'anna', '--password-stdin'], 'anna-password-new\n').status).toBe(0);
    expect(await verifyPassword('anna-password-new', user('anna').passwordHash)).toBe(true);
  });

  it('gives service accounts a token, printed once and stored hashed; token rotates it', () => {
    const added = users(['add', 'ai-worker', '--role', 'service']);
    expect(added.status).toBe(0);
    const token = /^(dokuei_\S+)$/m.exec(added.stdout)![1];
    expect(user('ai-worker')).toMatchObject({ role: 'service', passwordHash: '', tokenHash: sha256(token) });
    expect(readFileSync(usersFile, 'utf8')).not.toContain(token);
    const rotated = users(['token', 'ai-worker']);
    const next = /^(dokuei_\S+)$/m.exec(rotated.stdout)![1];
    expect(next).not.toBe(token);
    expect(user('ai-worker').tokenHash).toBe(sha256(next));
    expect(users(['token', 'anna'])).toMatchObject({ status: 1, stderr: expect.stringMatching(/not a service account/) });
    expect(users(['passwd', 'ai-worker', '--password-stdin'], 'some-password-1\n')).toMatchObject({ status: 1 });
  });
});
