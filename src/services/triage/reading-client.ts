/**
 * The browser's side of the shared reading state: the Dokuei server's /api routes (it knows the
 * reader from the session and stamps every change with that name; the browser never names itself).
 */
import { BACKGROUND } from '../pacs/client';
import { csrfHeaders, useSession } from '../session/session-store';
import { parseReadingState, type ReadingAction, type ReadingState } from '../../domain/triage/reading-state';

export const READING_API = {
  states: '/api/reading-states',
  action: (studyUID: string, action: ReadingAction) => `/api/reading-state/${encodeURIComponent(studyUID)}/${action}`,
} as const;

export interface ReadingSnapshot {
  states: Record<string, ReadingState>;
  /** Change-feed cursor: pass it back to get only what changed since. */
  cursor: number;
  /** True when `states` is the whole archive (not just changes). */
  complete: boolean;
}

export type ActionReply = { ok: true; state: ReadingState } | { ok: false; reason: string };

/** The server no longer knows this reader's session. */
export class SignInRequired extends Error {}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 401) {
    useSession.getState().expired();
    throw new SignInRequired('sign in to share the reading state');
  }
  if (!response.ok && response.status !== 409) throw new Error(`${response.url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export async function fetchReadingStates(cursor: number | null): Promise<ReadingSnapshot> {
  const url = cursor === null ? READING_API.states : `${READING_API.states}?since=${cursor}`;
  const raw = await json<{ states: Record<string, string>; cursor: number; complete: boolean }>(await fetch(url, { cache: 'no-store', headers: BACKGROUND }));
  const states = Object.fromEntries(Object.entries(raw.states).map(([uid, text]) => [uid, parseReadingState(text)]));
  return { states, cursor: raw.cursor, complete: raw.complete };
}

/** 409: someone else holds the study; the reason says who. */
export async function sendReadingAction(studyUID: string, action: ReadingAction): Promise<ActionReply> {
  const response = await fetch(READING_API.action(studyUID, action), { method: 'POST', headers: csrfHeaders() });
  const body = await json<{ state?: string; error?: string }>(response);
  return response.ok ? { ok: true, state: parseReadingState(body.state) } : { ok: false, reason: body.error ?? 'refused' };
}
