/**
 * Checks a user name and password. Unknown, disabled and service accounts are verified against a
 * dummy hash, so every refusal costs one scrypt and the answer's timing does not tell which names exist.
 */
import { DUMMY_HASH, type PasswordVerifier } from './passwords';
import type { User, UsersStore } from './users';

export type CredentialCheck = { ok: true; user: User } | { ok: false; user: User | null; reason: string };

export async function checkCredentials(users: UsersStore, name: string, password: string, verify: PasswordVerifier): Promise<CredentialCheck> {
  const user = users.find(name);
  const usable = user && !user.disabled && user.role !== 'service' && user.passwordHash ? user : null;
  const matches = await verify(password, usable ? usable.passwordHash : DUMMY_HASH);
  if (usable && matches) return { ok: true, user: usable };
  const reason = !user ? 'unknown user' : user.disabled ? 'account disabled' : user.role === 'service' ? 'service accounts use tokens' : 'wrong password';
  return { ok: false, user, reason };
}
