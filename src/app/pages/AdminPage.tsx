import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../services/session/session-store';
import { ModelRegistry } from '../../ui/admin/ModelRegistry';
import { type AccountRow, type AuditFilter, type AuditRecord, fetchAccounts, fetchAudit, unlockAccount } from '../../services/admin/admin-api';
import './admin.css';

const EVENTS = [
  '',
  'User Authentication',
  'Query',
  'DICOM Instances Accessed',
  'DICOM Instances Transferred',
  'Export',
  'Security Alert',
  'Application Activity',
];
const OUTCOMES: Record<number, string> = { 0: 'success', 4: 'minor failure', 8: 'serious failure', 12: 'major failure' };
const PAGE = 200;

/** Accounts (lock-outs, unlock), the model registry and the audit trail, newest first, for admins only. */
export function AdminPage() {
  const role = useSession((s) => s.session?.user.role);
  if (role !== 'admin') return <p className="empty">Only administrators see this page.</p>;
  return (
    <div className="admin-page">
      <Accounts />
      <ModelRegistry />
      <AuditTrail />
    </div>
  );
}

function Accounts() {
  const [rows, setRows] = useState<AccountRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => fetchAccounts().then(setRows, (e: Error) => setError(e.message)), []);
  useEffect(() => void load(), [load]);
  return (
    <section aria-label="Accounts">
      <h2>Accounts</h2>
      {error && <p role="alert">{error}</p>}
      <table className="admin-table">
        <thead>
          <tr>
            <th>Account</th>
            <th>Name</th>
            <th>Role</th>
            <th>State</th>
            <th>Failed sign-ins</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const locked = row.lockedUntil && Date.parse(row.lockedUntil) > Date.now();
            return (
              <tr key={row.name} data-account={row.name}>
                <td>{row.name}</td>
                <td>{row.displayName ?? ''}</td>
                <td>{row.role}</td>
                <td>
                  {row.disabled ? 'disabled' : locked ? `locked until ${new Date(row.lockedUntil!).toLocaleTimeString()}` : 'active'}
                  {locked && (
                    <button type="button" className="link-button" onClick={() => void unlockAccount(row.name).then(load, (e: Error) => setError(e.message))}>
                      Unlock
                    </button>
                  )}
                </td>
                <td>{row.failures ?? 0}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function AuditTrail() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);

  const load = useCallback(async (next: AuditFilter, append: boolean) => {
    try {
      const page = await fetchAudit({ ...next, limit: PAGE });
      setRecords((current) => (append ? [...current, ...page] : page));
      setMore(page.length === PAGE);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(filter, false), [filter, load]);

  return (
    <section aria-label="Audit trail">
      <h2>Audit trail</h2>
      <form className="admin-filter" onSubmit={(event) => event.preventDefault()}>
        <label>
          User <input value={filter.user ?? ''} onChange={(e) => setFilter({ ...filter, user: e.target.value || undefined })} />
        </label>
        <label>
          Event
          <select value={filter.event ?? ''} onChange={(e) => setFilter({ ...filter, event: e.target.value || undefined })}>
            {EVENTS.map((event) => (
              <option key={event} value={event}>
                {event || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Study UID <input value={filter.studyUID ?? ''} onChange={(e) => setFilter({ ...filter, studyUID: e.target.value || undefined })} />
        </label>
      </form>
      {error && <p role="alert">{error}</p>}
      <table className="admin-table" data-testid="audit-trail">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Event</th>
            <th>Action</th>
            <th>Outcome</th>
            <th>User</th>
            <th>Address</th>
            <th>Study</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) => (
            <tr key={r.seq} data-event={r.event}>
              <td>{r.seq}</td>
              <td>{new Date(r.time).toLocaleString()}</td>
              <td>{r.event}</td>
              <td>{r.action}</td>
              <td>{OUTCOMES[r.outcome] ?? r.outcome}</td>
              <td>{r.user ?? '—'}</td>
              <td>{r.address}</td>
              <td className="admin-uid">{r.studyUID ?? ''}</td>
              <td>{r.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" onClick={() => void load({ ...filter, before: records[records.length - 1]?.seq }, true)}>
          Older
        </button>
      )}
    </section>
  );
}
