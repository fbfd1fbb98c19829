/**
 * Password hashes as "scrypt:<salt b64>:<key b64>" (Node's default cost: N = 16384, r = 8, p = 1),
 * the format users files already hold. The server hashes and verifies with the async scrypt (libuv's
 * pool), so a sign-in never blocks other requests; the sync hash is for tools and test set-up only.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;

const format = (salt: Buffer, key: Buffer) => `scrypt:${salt.toString('base64')}:${key.toString('base64')}`;

function scryptAsync(password: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, (error, key) => (error ? reject(error) : resolve(key))));
}

/** For the users CLI, tests and set-up scripts: never on a request path. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return format(salt, scryptSync(password, salt, KEY_LENGTH));
}

export async function hashPasswordAsync(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
  return format(salt, await scryptAsync(password, salt, KEY_LENGTH));
}

export type PasswordVerifier = (password: string, stored: string) => Promise<boolean>;

/** Runs scrypt even for a malformed stored hash, so every "no" costs the same. */
export const verifyPassword: PasswordVerifier = async (password, stored) => {
  const [scheme, salt, key] = stored.split(':');
  const wellFormed = scheme === 'scrypt' && Boolean(salt) && Boolean(key);
  const expected = wellFormed ? Buffer.from(key, 'base64') : Buffer.alloc(KEY_LENGTH);
  const actual = await scryptAsync(password, wellFormed ? Buffer.from(salt, 'base64') : Buffer.alloc(16), KEY_LENGTH);
  return wellFormed && expected.length === KEY_LENGTH && timingSafeEqual(expected, actual);
};

/**
 * A hash of a random password nobody knows: unknown (or password-less) accounts are verified
 * against it, so their "no" takes as long as a wrong password for a real account.
 */
export const DUMMY_HASH = hashPassword(randomBytes(18).toString('base64url'));
