/** The export's secret: a random salt in a 0600 file, created on first use. Whoever holds it can re-link pseudonyms. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { STATE_DIR } from '../lib/pacs-config';

export const DEFAULT_SALT_FILE = resolve(STATE_DIR, 'export-salt');

export class SaltError extends Error {}

/** The salt of `path`; a new one is written (mode 0600) only when the file is missing. */
export function loadSalt(path: string = DEFAULT_SALT_FILE): { salt: string; created: boolean } {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return { salt: readSalt(path), created: true };
  }
  // Group or world access would let others re-identify the exported patients.
  if ((statSync(path).mode & 0o077) !== 0) throw new SaltError(`${path} is readable by others: chmod 600 it first`);
  return { salt: readSalt(path), created: false };
}

function readSalt(path: string): string {
  const salt = readFileSync(path, 'utf8').trim();
  if (salt.length < 32) throw new SaltError(`${path} holds no salt of at least 32 characters`);
  return salt;
}
