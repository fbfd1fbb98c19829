/**
 * Cross-site request refusal for every method other than GET/HEAD: the request must come from one
 * of the server's own origins (Origin, else Referer), and a cookie-authenticated one must also echo
 * its session's CSRF token in X-CSRF-Token. Bearer-token calls cannot be forged by a browser, so
 * they need the origin only.
 */
import type { FastifyRequest } from 'fastify';
import type { ServerOrigins } from '../http/origins';
import type { SessionRecord } from './session-store';
import { sameSecret } from './tokens';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Null when the request may go on, else why it is refused. */
export function csrfRefusal(request: FastifyRequest, origins: ServerOrigins, session: SessionRecord | null, tokenRequired: boolean): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const origin = request.headers.origin ?? originOfReferer(request.headers.referer);
  if (!origin) return 'no Origin or Referer header';
  if (!origins.originAllowed(origin)) return `foreign origin ${JSON.stringify(origin.slice(0, 200))}`;
  if (!session || !tokenRequired) return null;
  const token = request.headers['x-csrf-token'];
  if (typeof token !== 'string' || token === '') return 'no X-CSRF-Token header';
  if (!sameSecret(token, session.csrfToken)) return 'wrong X-CSRF-Token';
  return null;
}

function originOfReferer(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
