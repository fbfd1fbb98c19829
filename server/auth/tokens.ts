/** Random secrets (session ids, CSRF tokens, service tokens) and the digests stored in their place. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Stored instead of the secret itself: a leaked store does not hand out live sessions or tokens. */
export const sha256 = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Service tokens carry a prefix so that a leaked one is recognisable in logs and secret scanners. */
export const newServiceToken = () => `dokuei_${randomSecret(32)}`;

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
