import type { ReactNode } from 'react';
import { useSession } from '../../services/session/session-store';
import { SignInForm } from './SignInForm';
import './session.css';

/**
 * Nothing of the app (and so no request for patient data) exists before sign-in. When a session
 * expires the app stays mounted behind a dialog: the same reader signs in again and goes on.
 * The session is first asked for by the page's start (src/app/start-app.tsx), before the first render.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  const session = useSession((s) => s.session);
  const error = useSession((s) => s.error);
  const load = useSession((s) => s.load);

  if (status === 'loading') return <p className="session-wait">Connecting to the Dokuei server…</p>;
  if (status === 'unreachable') {
    return (
      <div className="sign-in-page" role="alert">
        <h1>Dokuei server unreachable</h1>
        <p>{error}</p>
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </div>
    );
  }
  if (status === 'signed-out') {
    return (
      <div className="sign-in-page">
        <h1>Dokuei</h1>
        <p className="sign-in-note">Radiology AI worklist — research use only, not a medical device.</p>
        <SignInForm />
      </div>
    );
  }
  return (
    <>
      {children}
      {status === 'expired' && session && (
        <div className="session-expired" role="dialog" aria-modal="true" aria-label="Session expired">
          <div className="session-expired-box">
            <h2>Your session has ended</h2>
            <p>Sign in again to go on; nothing you decided is lost.</p>
            <SignInForm username={session.user.id} />
            <button type="button" className="link-button" onClick={() => location.assign('/')}>
              Sign in as someone else
            </button>
          </div>
        </div>
      )}
    </>
  );
}
