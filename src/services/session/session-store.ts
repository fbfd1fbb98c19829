/**
 * One session per page. `expired` keeps the app mounted under the sign-in dialog, so a reader whose
 * session timed out signs in again without losing what is on screen (decisions wait in the outbox).
 */
import { create } from 'zustand';
import { fetchSession, login, logout, type LoginOutcome, type Session } from './session-api';
import { noteSignedIn } from './signed-in-hint';

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in' | 'expired' | 'unreachable';

interface SessionState {
  status: SessionStatus;
  session: Session | null;
  error: string | null;
  load(): Promise<void>;
  signIn(username: string, password: string): Promise<LoginOutcome>;
  signOut(): Promise<void>;
  /** A request was refused with 401: the server no longer knows this session. */
  expired(): void;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'loading',
  session: null,
  error: null,
  async load() {
    try {
      const session = await fetchSession();
      set({ session, status: session ? 'signed-in' : 'signed-out', error: null });
    } catch (error) {
      set({ status: 'unreachable', error: error instanceof Error ? error.message : String(error) });
    }
  },
  async signIn(username, password) {
    const outcome = await login(username, password);
    if (outcome.ok) set({ session: outcome.session, status: 'signed-in', error: null });
    return outcome;
  },
  async signOut() {
    const token = get().session?.csrfToken;
    if (token) await logout(token);
    noteSignedIn(false);
    // A fresh page: nothing of the previous reader's worklist or studies stays in memory.
    location.assign('/');
  },
  expired() {
    if (get().status === 'signed-in') set({ status: 'expired' });
  },
}));

useSession.subscribe((state, previous) => {
  if (state.status === previous.status) return;
  if (state.status === 'signed-in') noteSignedIn(true);
  else if (state.status === 'signed-out' || state.status === 'expired') noteSignedIn(false);
});

/** Headers every state-changing request carries (empty before sign-in, e.g. in a worker). */
export function csrfHeaders(): Record<string, string> {
  const token = useSession.getState().session?.csrfToken;
  return token ? { 'X-CSRF-Token': token } : {};
}
