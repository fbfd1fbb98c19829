import { AiTriageProgress } from '../../ui/inference/AiTriageProgress';
import { TriageAlerts } from '../../ui/triage/TriageAlerts';
import { isFiltered } from '../../domain/study/filter';
import { useWorklist } from '../../services/worklist/store';
import { WorklistBanner } from '../../ui/worklist/WorklistBanner';
import { WorklistTable } from '../../ui/worklist/WorklistTable';
import { WorklistToolbar } from '../../ui/worklist/WorklistToolbar';

/** The first screen: every study, live, most urgent first, sortable and filterable. */
export function WorklistPage() {
  const empty = useWorklist((s) => s.visible.length === 0);
  const loaded = useWorklist((s) => s.loaded);
  const fault = useWorklist((s) => (s.sync.phase === 'failed' ? s.sync.fault : null));
  const filtered = useWorklist((s) => isFiltered(s.filters) || s.flaggedOnly);

  const indexed = useWorklist((s) => s.source === 'index');

  // The list's source, triage and the AI queue are started for the session by src/app/bootstrap.ts.
  return (
    <section className="worklist-page" aria-label="Worklist">
      <WorklistToolbar />
      <AiTriageProgress />
      <WorklistBanner />
      <TriageAlerts />
      <WorklistTable />
      {empty && (
        <p className="empty worklist-empty">
          {loaded
            ? filtered
              ? 'No study matches the filters.'
              : indexed
                ? 'No studies in the worklist yet.'
                : 'No studies in the PACS yet.'
            : fault
              ? fault.kind === 'unreachable' && fault.title.startsWith('Dokuei')
                ? 'The Dokuei server is unreachable: studies will appear once it answers.'
                : fault.title.startsWith('Worklist database')
                  ? 'The worklist database is unavailable: studies will appear once it answers.'
                  : 'Studies will appear once the PACS answers.'
              : 'Loading studies…'}
        </p>
      )}
    </section>
  );
}
