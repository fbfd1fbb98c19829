import { useEffect } from 'react';
import { UserMenu } from '../session/UserMenu';
import { useWorklist } from '../../services/worklist/store';
import { readingOf, useTriage } from '../../services/triage/store';
import { criticalStudies, titleWithCount } from '../../domain/triage/worklist-triage';
import './triage.css';

const BASE_TITLE = document.title;

/** Toolbar part: unread critical count (also in the tab title), flagged-only filter, sound, reader. */
export function TriageControls() {
  const results = useWorklist((s) => s.triage.results);
  const flaggedOnly = useWorklist((s) => s.flaggedOnly);
  const setFlaggedOnly = useWorklist((s) => s.setFlaggedOnly);
  const reading = useTriage((s) => s.reading);
  const sound = useTriage((s) => s.sound);
  const setSound = useTriage((s) => s.setSound);
  const count = criticalStudies(results, (uid) => readingOf(reading, uid).status !== 'read').length;

  useEffect(() => {
    document.title = titleWithCount(BASE_TITLE, count);
    return () => void (document.title = BASE_TITLE);
  }, [count]);

  return (
    <>
      <span className={count > 0 ? 'critical-count critical-count-on' : 'critical-count'} data-testid="critical-count" data-count={count}>
        {count} unread critical
      </span>
      <label className="triage-toggle">
        <input type="checkbox" checked={flaggedOnly} onChange={(event) => setFlaggedOnly(event.target.checked)} /> Flagged only
      </label>
      <label className="triage-toggle">
        <input type="checkbox" checked={sound} onChange={(event) => setSound(event.target.checked)} /> Sound
      </label>
      <UserMenu />
    </>
  );
}
