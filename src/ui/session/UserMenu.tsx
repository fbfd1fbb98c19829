import { useSession } from '../../services/session/session-store';

/** Who is signed in (every SR the server stores is signed with this name) and the way out. */
export function UserMenu() {
  const session = useSession((s) => s.session);
  const signOut = useSession((s) => s.signOut);
  if (!session) return null;
  const { user } = session;
  return (
    <span className="user-menu" data-testid="reader" title={`Signed in as ${user.id} (${user.role}); your reports are signed ${user.dicomName}`}>
      {user.displayName}
      {user.role === 'admin' && (
        <a className="user-menu-admin" href="/admin">
          Admin
        </a>
      )}
      <button type="button" className="link-button" onClick={() => void signOut()}>
        Sign out
      </button>
    </span>
  );
}
