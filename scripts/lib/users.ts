/**
 * The app's readers: a small user list (`.dokuei/users.json`, or DOKUEI_USERS_FILE) with scrypt
 * password hashes, checked by the server on HTTP Basic credentials. A demo user with a random
 * password is generated (and its password printed once) when the file is missing.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { STATE_DIR } from './pacs-config';

export const USERS_FILE = resolve(process.env.DOKUEI_USERS_FILE ?? resolve(STATE_DIR, 'users.json'));

export interface UsersFile {
  users: { name: string; passwordHash: string }[];
}

const KEY_LENGTH = 32;

/** "scrypt:<salt b64>:<key b64>" with Node's default cost (N = 16384, r = 8, p = 1). */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt:${salt.toString('base64')}:${scryptSync(password, salt, KEY_LENGTH).toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, key] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return expected.length === KEY_LENGTH && timingSafeEqual(expected, actual);
}

/** Creates the file with one demo user when missing; returns that user's password (else null). */
export function ensureUsersFile(path: string = USERS_FILE): string | null {
  if (existsSync(path)) return null;
  const password = randomBytes(9).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  const file: UsersFile = { users: [{ name: 'demo', passwordHash: hashPassword(password) }] };
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  return password;
}

/** "Basic base64(name:password)" → { name, password }, or null when malformed. */
export function parseBasicAuth(header: string | undefined): { name: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

/**
 * Authenticates Basic credentials against the file, re-read when it changes. scrypt is slow on
 * purpose, so a verified header is remembered until the file changes (the browser polls).
 */
export function userAuthenticator(path: string = USERS_FILE): (authorization: string | undefined) => string | null {
  let loadedAt = -1;
  let hashes = new Map<string, string>();
  const verified = new Map<string, string>();
  return (authorization) => {
    const mtime = existsSync(path) ? statSync(path).mtimeMs : 0;
    if (mtime !== loadedAt) {
      loadedAt = mtime;
      verified.clear();
      hashes = mtime ? new Map((JSON.parse(readFileSync(path, 'utf8')) as UsersFile).users.map((u) => [u.name, u.passwordHash])) : new Map();
    }
    if (!authorization) return null;
    const known = verified.get(authorization);
    if (known) return known;
    const credentials = parseBasicAuth(authorization);
    const hash = credentials && hashes.get(credentials.name);
    if (!credentials || !hash || !verifyPassword(credentials.password, hash)) return null;
    verified.set(authorization, credentials.name);
    return credentials.name;
  };
}
