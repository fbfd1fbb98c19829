import { useEffect } from 'react';
import { UserMenu } from '../session/UserMenu';
import { useSession } from '../../services/session/session-store';
import { useWorklist } from '../../services/worklist/store';
import { readingOf, useTriage } from '../../services/triage/store';
import { ensureNotificationPermission } from '../../services/triage/notify';
import { loadAlertPrefs, saveAlertPrefs } from '../../services/triage/prefs';
import { criticalStudies, titleWithCount } from '../../domain/triage/worklist-triage';
import { CriticalQueue } from './TriageAlerts';
import './triage.css';

const BASE_TITLE = document.title;

/** Toolbar part: the critical queue, unread critical count (also in the tab title), flagged-only, alert opt-ins, reader. */
export function TriageControls() {
  const results = useWorklist((s) => s.triage.results);
  const flaggedOnly = useWorklist((s) => s.flaggedOnly);
  const setFlaggedOnly = useWorklist((s) => s.setFlaggedOnly);
  const reading = useTriage((s) => s.reading);
  const sound = useTriage((s) => s.sound);
  const notify = useTriage((s) => s.notify);
  const user = useSession((s) => s.session?.user.id ?? null);
  const count = criticalStudies(results, (uid) => readingOf(reading, uid).status !== 'read').length;

  useEffect(() => {
    document.title = titleWithCount(BASE_TITLE, count);
    return () => void (document.title = BASE_TITLE);
  }, [count]);

  // Each reader's own choice, kept in this browser.
  useEffect(() => {
    if (!user) return;
    const prefs = loadAlertPrefs(user);
    useTriage.setState({ sound: prefs.sound, notify: prefs.notify && 'Notification' in window && Notification.permission === 'granted' });
  }, [user]);

  const save = (change: { sound?: boolean; notify?: boolean }) => {
    const next = { sound, notify, ...change };
    useTriage.setState(next);
    if (user) saveAlertPrefs(user, next);
  };

  return (
    <>
      <CriticalQueue />
      <span className={count > 0 ? 'critical-count critical-count-on' : 'critical-count'} data-testid="critical-count" data-count={count}>
        {count} unread critical
      </span>
      <label className="triage-toggle">
        <input type="checkbox" checked={flaggedOnly} onChange={(event) => setFlaggedOnly(event.target.checked)} /> Flagged only
      </label>
      <label className="triage-toggle" title="Desktop notification when a new critical study arrives">
        <input
          type="checkbox"
          checked={notify}
          onChange={(event) => {
            const wanted = event.target.checked;
            // Asked on the reader's gesture: a prompt out of the blue would swallow their next click.
            if (!wanted) return save({ notify: false });
            void ensureNotificationPermission().then((granted) => save({ notify: granted }));
          }}
        />{' '}
        Notify
      </label>
      <label className="triage-toggle" title="Sound when a new critical study arrives">
        <input type="checkbox" checked={sound} onChange={(event) => save({ sound: event.target.checked })} /> Sound
      </label>
      <UserMenu />
    </>
  );
}
