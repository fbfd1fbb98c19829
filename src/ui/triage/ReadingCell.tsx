import type { MouseEvent } from 'react';
import { readingText, type ReadingAction } from '../../domain/triage/reading-state';
import { useSession } from '../../services/session/session-store';
import { needsAck, readingOf, useTriage } from '../../services/triage/store';
import { useWorklist } from '../../services/worklist/store';

/** The shared reading state of one study, with the reader's next action. */
export function ReadingCell({ studyInstanceUid }: { studyInstanceUid: string }) {
  const state = useTriage((s) => readingOf(s.reading, studyInstanceUid));
  const me = useSession((s) => s.session?.user.id ?? null);
  const act = useTriage((s) => s.act);
  const mine = state.status === 'in-progress' && state.stamp?.by === me;
  const critical = useWorklist((s) => s.triage.results.get(studyInstanceUid)?.level === 'critical');
  const button = (action: ReadingAction, label: string, className = 'reading-action') => (
    <button
      type="button"
      className={className}
      onClick={(event: MouseEvent) => {
        event.stopPropagation(); // the row itself opens the study
        void act(studyInstanceUid, action);
      }}
    >
      {label}
    </button>
  );
  return (
    <span className={`reading reading-${state.status}`} data-reading={state.status} title={state.stamp ? `${state.stamp.by}, ${state.stamp.at}` : undefined}>
      {readingText(state)} {state.status === 'unread' && me && button('claim', 'Claim')}
      {mine && button('complete', 'Mark read')}
      {mine && button('release', 'Release')}
      {critical && needsAck(state) && button('acknowledge', 'Ack', 'reading-action reading-ack')}
    </span>
  );
}
