/**
 * The users file (DOKUEI_USERS_FILE, default STATE_DIR/users.json): `{users: [...]}` with scrypt
 * password hashes. Written atomically (temporary file + rename, mode 0600) and re-read by the
 * server whenever its mtime changes, so `npm run users` takes effect without a restart.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Role } from '../principal';
import { hashPassword } from './passwords';

export const ROLES: readonly Role[] = ['reader', 'admin', 'service'];

export interface StoredUser {
  name: string;
  /** "scrypt:salt:key"; empty for service accounts, which sign in with a token only. */
  passwordHash: string;
  role?: Role;
  displayName?: string;
  /** DICOM PN "Family^Given". */
  dicomName?: string;
  disabled?: boolean;
  /** sha256 (hex) of a service account's bearer token. */
  tokenHash?: string;
  /** Set by `npm run users -- unlock`: sign-in failures before this time no longer count. */
  unlockedAt?: string;
}

export interface UsersFile {
  users: StoredUser[];
}

/** A user with every optional field resolved. */
export interface User {
  name: string;
  passwordHash: string;
  role: Role;
  displayName: string;
  dicomName: string;
  disabled: boolean;
  tokenHash: string | null;
  unlockedAt: number | null;
}

const VALID_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export function checkUserName(name: string): string | null {
  return VALID_NAME.test(name) ? null : 'user names are 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit';
}

/** "anna.reader" → "Reader^Anna"; a single word becomes the family name. */
export function defaultDicomName(name: string): string {
  const parts = name.split(/[._\s-]+/).filter(Boolean);
  const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  if (parts.length < 2) return cap(parts[0] ?? name);
  return `${cap(parts[parts.length - 1])}^${parts.slice(0, -1).map(cap).join(' ')}`;
}

export function resolveUser(stored: StoredUser): User {
  const unlockedAt = stored.unlockedAt ? Date.parse(stored.unlockedAt) : NaN;
  return {
    name: stored.name,
    passwordHash: stored.passwordHash ?? '',
    role: stored.role && ROLES.includes(stored.role) ? stored.role : 'reader',
    displayName: stored.displayName || stored.name,
    dicomName: stored.dicomName || defaultDicomName(stored.name),
    disabled: stored.disabled === true,
    tokenHash: stored.tokenHash ?? null,
    unlockedAt: Number.isNaN(unlockedAt) ? null : unlockedAt,
  };
}

export function readUsersFile(path: string): UsersFile {
  if (!existsSync(path)) return { users: [] };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<UsersFile>;
  if (!Array.isArray(parsed.users)) throw new Error(`${path}: expected {"users": [...]}`);
  return { users: parsed.users };
}

/** Temporary file + rename: readers see the old file or the new one, never half of one. */
export function writeUsersFile(path: string, file: UsersFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** Applies `change` to the file as it is on disk now and writes it back. */
export function updateUsersFile(path: string, change: (file: UsersFile) => void): void {
  const file = readUsersFile(path);
  change(file);
  writeUsersFile(path, file);
}

export interface FirstAccounts {
  admin: string;
  reader: string;
}

/** On first start: an `admin` and a `reader` account with random passwords (returned once), else null. */
export function ensureUsersFile(path: string): FirstAccounts | null {
  if (existsSync(path)) return null;
  const passwords = { admin: randomBytes(12).toString('base64url'), reader: randomBytes(12).toString('base64url') };
  writeUsersFile(path, {
    users: [
      { name: 'admin', passwordHash: hashPassword(passwords.admin), role: 'admin', displayName: 'Administrator', dicomName: 'Administrator' },
      { name: 'reader', passwordHash: hashPassword(passwords.reader), role: 'reader', displayName: 'Reader', dicomName: 'Reader' },
    ],
  });
  return passwords;
}

/** The server's view of the file: cached, reloaded when the mtime (or size) changes. */
export class UsersStore {
  private stamp = '';
  private byName = new Map<string, User>();
  private byToken = new Map<string, User>();

  constructor(readonly path: string) {}

  find(name: string): User | null {
    this.reload();
    return this.byName.get(name) ?? null;
  }

  findByTokenHash(tokenHash: string): User | null {
    this.reload();
    return this.byToken.get(tokenHash) ?? null;
  }

  all(): User[] {
    this.reload();
    return [...this.byName.values()];
  }

  update(change: (file: UsersFile) => void): void {
    updateUsersFile(this.path, change);
    this.reload();
  }

  private reload(): void {
    let stamp = 'missing';
    try {
      const stat = statSync(this.path);
      stamp = `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      // no file: no users
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    let users: User[];
    try {
      users = readUsersFile(this.path).users.map(resolveUser);
    } catch (error) {
      // A hand edit gone wrong must not sign everybody out: keep the last good list.
      console.error(`[dokuei] ${this.path} is unreadable, keeping the previous users:`, error instanceof Error ? error.message : error);
      return;
    }
    this.byName = new Map(users.map((user) => [user.name, user]));
    this.byToken = new Map(users.flatMap((user) => (user.tokenHash && user.role === 'service' ? [[user.tokenHash, user] as const] : [])));
  }
}
