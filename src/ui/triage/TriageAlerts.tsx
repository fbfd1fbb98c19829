import { useWorklist } from '../../services/worklist/store';
import { requestNotificationPermission } from '../../services/triage/notify';
import { needsAck, readingOf, useTriage } from '../../services/triage/store';
import { criticalStudies, reasonsText } from '../../domain/triage/worklist-triage';
import './triage.css';

/** Critical studies nobody acknowledged yet, until someone does (recorded with the reading state). */
export function TriageAlerts() {
  const results = useWorklist((s) => s.triage.results);
  const studies = useWorklist((s) => s.studies);
  const reading = useTriage((s) => s.reading);
  const act = useTriage((s) => s.act);
  const notice = useTriage((s) => s.notice);
  const dismissNotice = useTriage((s) => s.dismissNotice);
  const pending = criticalStudies(results, (uid) => needsAck(readingOf(reading, uid)));

  const nameOf = (uid: string) => studies.find((s) => s.studyInstanceUID === uid)?.patientName || uid;
  // A fixed corner stack: alerts that come and go must not shift the table under the reader's pointer.
  return (
    <div className="triage-overlay">
      {notice && (
        <div className="triage-notice" role="status" data-testid="reading-notice">
          {notice}{' '}
          <button type="button" onClick={dismissNotice}>
            OK
          </button>
        </div>
      )}
      {pending.length > 0 && (
        // A live region, not role=alert: the PACS fault banner is the page's one alert.
        <ul className="triage-alerts" aria-live="assertive" aria-label="Critical study alerts">
          {pending.map((uid) => (
            <li key={uid} data-study-uid={uid} title={reasonsText(results.get(uid)!)}>
              <strong>Critical:</strong> {nameOf(uid)}{' '}
              <button
                type="button"
                onClick={() => {
                  // Asked on a gesture: a prompt out of the blue would swallow the reader's next click.
                  requestNotificationPermission();
                  void act(uid, 'acknowledge');
                }}
              >
                Acknowledge
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
