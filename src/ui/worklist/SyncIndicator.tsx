import { useState } from 'react';
import { useWorklist } from '../../services/worklist/store';

const LABELS = { loading: 'Loading…', changes: 'Live', polling: 'Polling', failed: 'Offline' } as const;

/** A small status dot: live via the change feed, polling, loading or offline. */
export function SyncIndicator() {
  const sync = useWorklist((s) => s.sync);
  // The time is formatted when pointed at, not at each render: the page's first toLocaleTimeString loads
  // the locale's data (~50 ms on the bench machine, in the render that shows the worklist's first rows).
  const [pointed, setPointed] = useState(false);
  const state = sync.phase === 'live' ? sync.mode : sync.phase;
  const since = pointed && sync.phase !== 'loading' && sync.syncedAt ? `Last update ${new Date(sync.syncedAt).toLocaleTimeString()}` : undefined;
  return (
    <span
      className={`worklist-sync worklist-sync-${state}`}
      data-sync={state}
      title={since}
      onPointerEnter={() => setPointed(true)}
      onPointerLeave={() => setPointed(false)}
    >
      {LABELS[state]}
    </span>
  );
}
