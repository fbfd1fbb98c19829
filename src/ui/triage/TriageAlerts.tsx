import { useEffect, useId, useRef, useState } from 'react';
import { useRouter } from '../../services/router/router-store';
import { useWorklist } from '../../services/worklist/store';
import { needsAck, readingOf, useTriage } from '../../services/triage/store';
import { criticalQueueEntry, criticalStudies, reasonsText } from '../../domain/triage/worklist-triage';
import './triage.css';

/**
 * The critical queue: one header button "N critical" (studies nobody acknowledged yet) that opens the list on
 * demand, each with Acknowledge (shared: recorded with the reading state, so it goes for every reader) and a
 * link to the study. Nothing sits over the table unless the reader opens the list.
 */
export function CriticalQueue() {
  const results = useWorklist((s) => s.triage.results);
  const studies = useWorklist((s) => s.studies);
  const reading = useTriage((s) => s.reading);
  const act = useTriage((s) => s.act);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const listId = useId();
  const pending = criticalStudies(results, (uid) => needsAck(readingOf(reading, uid)));

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    // Escape closes the list wherever the focus is (an acknowledged item's button is gone with it).
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);

  // Opened from the keyboard: focus lands on the first item's action.
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);

  const openStudy = (uid: string) => {
    setOpen(false);
    useWorklist.getState().select(uid);
    useRouter.getState().navigate({ name: 'study', studyInstanceUid: uid });
  };
  const byUid = new Map(studies.map((s) => [s.studyInstanceUid, s]));

  return (
    <span className="critical-queue">
      <button
        ref={button}
        type="button"
        className={pending.length > 0 ? 'critical-queue-button critical-queue-on' : 'critical-queue-button'}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        data-testid="critical-queue"
        data-count={pending.length}
        title={
          pending.length > 0
            ? `${pending.length} critical ${pending.length === 1 ? 'study' : 'studies'} not yet acknowledged`
            : 'No critical study waits for an acknowledgement'
        }
        onClick={() => setOpen(!open)}
      >
        {pending.length} critical
      </button>
      {open && (
        <div ref={panel} id={listId} className="critical-queue-panel">
          {pending.length === 0 ? (
            <p className="critical-queue-empty">Every critical study is acknowledged.</p>
          ) : (
            // A live region, not role=alert: the PACS fault banner is the page's one alert.
            <ul className="critical-queue-list" aria-live="polite" aria-label="Critical study alerts">
              {pending.map((uid) => {
                const result = results.get(uid)!;
                const entry = criticalQueueEntry(result, byUid.get(uid));
                return (
                  <li key={uid} data-study-uid={uid} title={reasonsText(result)}>
                    <button type="button" className="link-button critical-queue-open" onClick={() => openStudy(uid)}>
                      {entry.name}
                    </button>
                    <span className="critical-queue-why">{entry.why}</span>
                    <span className="critical-queue-wait">{entry.waited}</span>
                    <button type="button" onClick={() => void act(uid, 'acknowledge')}>
                      Acknowledge
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </span>
  );
}

/** The last refusal of a reading action (e.g. a lost claim), in the page flow: never over the table's rows. */
export function TriageAlerts() {
  const notice = useTriage((s) => s.notice);
  const dismissNotice = useTriage((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="triage-notice" role="status" data-testid="reading-notice">
      {notice}{' '}
      <button type="button" onClick={dismissNotice}>
        OK
      </button>
    </div>
  );
}
