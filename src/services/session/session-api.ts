/**
 * The browser's side of the server's sessions: who is signed in, sign-in, sign-out. The session
 * itself is an HttpOnly cookie the page never sees; the CSRF token comes with GET /api/session and
 * goes back on every state-changing request.
 */
import { preloadingFetch } from '../pacs/preloaded-fetch';

export interface SessionUser {
  id: string;
  displayName: string;
  /** DICOM person name ("Family^Given") the server stamps into the reader's SRs. */
  dicomName: string;
  role: 'reader' | 'admin' | 'service';
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  idleMinutes?: number;
}

export const SESSION_API = {
  session: '/api/session',
  login: '/api/session/login',
  logout: '/api/session/logout',
  password: '/api/session/password',
} as const;

export type LoginOutcome =
  { ok: true; session: Session } | { ok: false; reason: 'credentials' | 'throttled' | 'unreachable'; message: string; retryAfterSeconds?: number };

async function errorText(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
}

/** The page's inline script may have asked for the session already (on `/`, tools/vite/viewer-preload-plugin.ts). */
const sessionFetch = preloadingFetch();

/** The current session, null when nobody is signed in; throws when the server cannot be reached. */
export async function fetchSession(): Promise<Session | null> {
  const response = await sessionFetch(SESSION_API.session, { cache: 'no-store' });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(`Dokuei server: ${await errorText(response)}`);
  return (await response.json()) as Session;
}

export async function login(username: string, password: string): Promise<LoginOutcome> {
  let response: Response;
  try {
    response = await fetch(SESSION_API.login, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, reason: 'unreachable', message: 'The Dokuei server cannot be reached.' };
  }
  if (response.status === 429) {
    const retryAfterSeconds = Number(response.headers.get('Retry-After')) || undefined;
    return { ok: false, reason: 'throttled', message: await errorText(response), retryAfterSeconds };
  }
  if (response.status === 401) return { ok: false, reason: 'credentials', message: 'Wrong user name or password.' };
  if (!response.ok) return { ok: false, reason: 'unreachable', message: await errorText(response) };
  const session = await fetchSession().catch(() => null);
  return session ? { ok: true, session } : { ok: false, reason: 'unreachable', message: 'Signed in, but the session did not stick (cookies blocked?).' };
}

export async function logout(csrfToken: string): Promise<void> {
  await fetch(SESSION_API.logout, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken } }).catch(() => undefined);
}

/** Null on success, else the server's reason. */
export async function changePassword(csrfToken: string, current: string, next: string): Promise<string | null> {
  const response = await fetch(SESSION_API.password, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
    body: JSON.stringify({ current, next }),
  });
  return response.ok ? null : errorText(response);
}
