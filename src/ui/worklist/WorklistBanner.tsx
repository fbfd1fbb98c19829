import { useEffect, useState } from 'react';
import { useWorklist } from '../../services/worklist/store';

/** Shown while the PACS fails: what happened, when the next attempt is, and a way to retry now. */
export function WorklistBanner() {
  const sync = useWorklist((s) => s.sync);
  const retryNow = useWorklist((s) => s.retryNow);
  const [now, setNow] = useState(Date.now);
  const failing = sync.phase === 'failed';

  useEffect(() => {
    if (!failing) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [failing]);

  if (sync.phase !== 'failed') return null;
  const seconds = Math.max(0, Math.ceil((sync.retryAt - now) / 1000));
  return (
    <div className={`worklist-banner worklist-banner-${sync.fault.kind}`} role="alert">
      <strong>{sync.fault.title}</strong>
      <span className="worklist-banner-detail">{sync.fault.detail}</span>
      <span>
        {seconds > 0 ? `Retrying in ${seconds} s` : 'Retrying…'} (attempt {sync.attempt})
      </span>
      <button type="button" onClick={retryNow}>
        Retry now
      </button>
    </div>
  );
}
