import { useWorklist } from '../../services/worklist/store';

const LABELS = { loading: 'Loading…', changes: 'Live', polling: 'Polling', failed: 'Offline' } as const;

/** A small status dot: live via the change feed, polling, loading or offline. */
export function SyncIndicator() {
  const sync = useWorklist((s) => s.sync);
  const state = sync.phase === 'live' ? sync.mode : sync.phase;
  const since = sync.phase !== 'loading' && sync.syncedAt ? `Last update ${new Date(sync.syncedAt).toLocaleTimeString()}` : undefined;
  return (
    <span className={`worklist-sync worklist-sync-${state}`} data-sync={state} title={since}>
      {LABELS[state]}
    </span>
  );
}
