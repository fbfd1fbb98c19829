import { type FormEvent, useState } from 'react';
import { useSession } from '../../services/session/session-store';

interface Props {
  /** When set, the form signs this reader in again (session expired) and does not ask who. */
  username?: string;
}

/** User name + password; says why a sign-in failed and how long to wait after too many tries. */
export function SignInForm({ username: fixedName }: Props) {
  const signIn = useSession((s) => s.signIn);
  const [username, setUsername] = useState(fixedName ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const outcome = await signIn(username.trim(), password);
    setBusy(false);
    if (outcome.ok) return;
    setPassword('');
    const wait = outcome.retryAfterSeconds ? ` Try again in ${formatWait(outcome.retryAfterSeconds)}.` : '';
    setMessage(outcome.message + wait);
  }

  return (
    <form className="sign-in-form" onSubmit={submit} aria-label="Sign in">
      <label>
        User name
        <input
          name="username"
          autoComplete="username"
          value={username}
          readOnly={fixedName !== undefined}
          onChange={(event) => setUsername(event.target.value)}
          required
          autoFocus={fixedName === undefined}
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
          autoFocus={fixedName !== undefined}
        />
      </label>
      {message && (
        <p className="sign-in-error" role="alert">
          {message}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
