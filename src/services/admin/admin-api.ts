/** The admin's view of the server: accounts with their lock-out state, and the audit trail. */
import { csrfHeaders } from '../session/session-store';

/** One line of the trail as the server sends it (IHE ATNA event vocabulary). */
export interface AuditRecord {
  seq: number;
  time: string;
  event: string;
  action: string;
  outcome: number;
  user: string | null;
  role?: string;
  address: string;
  studyUID?: string;
  patientID?: string;
  detail?: string;
}

export interface AccountRow {
  name: string;
  role: string;
  displayName?: string;
  disabled?: boolean;
  lockedUntil?: string | null;
  failures?: number;
}

export interface AuditFilter {
  user?: string;
  event?: string;
  studyUID?: string;
  before?: number;
  limit?: number;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

export async function fetchAccounts(): Promise<AccountRow[]> {
  const body = await json<{ users: AccountRow[] } | AccountRow[]>(await fetch('/api/admin/users', { cache: 'no-store' }));
  return Array.isArray(body) ? body : body.users;
}

export async function unlockAccount(name: string): Promise<void> {
  await json(await fetch(`/api/admin/users/${encodeURIComponent(name)}/unlock`, { method: 'POST', headers: csrfHeaders() }));
}

export async function fetchAudit(filter: AuditFilter): Promise<AuditRecord[]> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') params.set(key, String(value));
  const body = await json<{ records: AuditRecord[] } | AuditRecord[]>(await fetch(`/api/admin/audit?${params}`, { cache: 'no-store' }));
  return Array.isArray(body) ? body : body.records;
}
