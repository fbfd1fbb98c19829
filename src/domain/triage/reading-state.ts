/**
 * Shared reading state of a study (unread / in progress / read) and who acknowledged its critical
 * alert. Pure: the server applies actions with it (stamping the authenticated user), the browser
 * only renders it. Stored as JSON in Orthanc study metadata.
 */

export type ReadingStatus = 'unread' | 'in-progress' | 'read';
export type ReadingAction = 'claim' | 'release' | 'complete' | 'acknowledge';
export const READING_ACTIONS: readonly ReadingAction[] = ['claim', 'release', 'complete', 'acknowledge'];

export interface Stamp {
  by: string;
  /** ISO 8601. */
  at: string;
}

export interface ReadingState {
  status: ReadingStatus;
  /** Who claimed (in progress) or finished (read) the study, and when. */
  stamp?: Stamp;
  /** Who acknowledged the critical alert, and when. */
  acknowledged?: Stamp;
}

export const UNREAD: ReadingState = { status: 'unread' };

export type ActionOutcome = { ok: true; state: ReadingState } | { ok: false; reason: string };

const isStamp = (value: unknown): value is Stamp =>
  typeof value === 'object' && value !== null && typeof (value as Stamp).by === 'string' && typeof (value as Stamp).at === 'string';

/** Stored text → state; anything unreadable counts as unread rather than failing the worklist. */
export function parseReadingState(text: string | null | undefined): ReadingState {
  if (!text) return UNREAD;
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const status = raw.status;
    if (status !== 'unread' && status !== 'in-progress' && status !== 'read') return UNREAD;
    if (status !== 'unread' && !isStamp(raw.stamp)) return UNREAD;
    return {
      status,
      ...(status !== 'unread' ? { stamp: raw.stamp as Stamp } : {}),
      ...(isStamp(raw.acknowledged) ? { acknowledged: raw.acknowledged } : {}),
    };
  } catch {
    return UNREAD;
  }
}

const describeHolder = (state: ReadingState) => `${state.stamp?.by} since ${state.stamp?.at}`;

/** One reader's action on the current state; refusals say who holds the study. */
export function applyReadingAction(current: ReadingState, action: ReadingAction, user: string, now: Date): ActionOutcome {
  const stamp: Stamp = { by: user, at: now.toISOString() };
  const mine = current.stamp?.by === user;
  switch (action) {
    case 'claim':
      if (current.status === 'in-progress' && !mine) return { ok: false, reason: `already claimed by ${describeHolder(current)}` };
      if (current.status === 'read') return { ok: false, reason: `already read by ${current.stamp?.by}` };
      if (current.status === 'in-progress') return { ok: true, state: current };
      return { ok: true, state: { ...current, status: 'in-progress', stamp } };
    case 'release':
      if (current.status !== 'in-progress' || !mine) return { ok: false, reason: 'only the reader who claimed the study can release it' };
      return { ok: true, state: withoutStamp(current) };
    case 'complete':
      if (current.status === 'in-progress' && !mine) return { ok: false, reason: `claimed by ${describeHolder(current)}` };
      if (current.status === 'read') return { ok: false, reason: `already read by ${current.stamp?.by}` };
      return { ok: true, state: { ...current, status: 'read', stamp } };
    case 'acknowledge':
      return { ok: true, state: current.acknowledged ? current : { ...current, acknowledged: stamp } };
  }
}

function withoutStamp(state: ReadingState): ReadingState {
  return { status: 'unread', ...(state.acknowledged ? { acknowledged: state.acknowledged } : {}) };
}

/** Cell text, e.g. "in progress: alice". */
export function readingText(state: ReadingState): string {
  if (state.status === 'in-progress') return `in progress: ${state.stamp?.by}`;
  if (state.status === 'read') return `read: ${state.stamp?.by}`;
  return 'unread';
}
