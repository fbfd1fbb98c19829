import type { MouseEvent } from 'react';
import { readingText, type ReadingAction } from '../../domain/triage/reading-state';
import { useSession } from '../../services/session/session-store';
import { readingOf, useTriage } from '../../services/triage/store';

/** The shared reading state of one study, with the reader's next action. */
export function ReadingCell({ studyInstanceUID }: { studyInstanceUID: string }) {
  const state = useTriage((s) => readingOf(s.reading, studyInstanceUID));
  const me = useSession((s) => s.session?.user.id ?? null);
  const act = useTriage((s) => s.act);
  const mine = state.status === 'in-progress' && state.stamp?.by === me;
  const button = (action: ReadingAction, label: string) => (
    <button
      type="button"
      className="reading-action"
      onClick={(event: MouseEvent) => {
        event.stopPropagation(); // the row itself opens the study
        void act(studyInstanceUID, action);
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
    </span>
  );
}
