import { useEffect } from 'react';
import { AiTriageProgress } from '../../ui/inference/AiTriageProgress';
import { TriageAlerts } from '../../ui/triage/TriageAlerts';
import { startTriage } from '../../services/triage/live';
import { isFiltered } from '../../domain/study/filter';
import { useWorklist } from '../../services/worklist/store';
import { WorklistBanner } from '../../ui/worklist/WorklistBanner';
import { WorklistTable } from '../../ui/worklist/WorklistTable';
import { WorklistToolbar } from '../../ui/worklist/WorklistToolbar';

/** The first screen: every study in the PACS, live, most urgent first, sortable and filterable. */
export function WorklistPage() {
  const connect = useWorklist((s) => s.connect);
  const empty = useWorklist((s) => s.visible.length === 0);
  const loaded = useWorklist((s) => s.loaded);
  const failing = useWorklist((s) => s.sync.phase === 'failed');
  const filtered = useWorklist((s) => isFiltered(s.filters) || s.flaggedOnly);

  // The connection outlives this page: the viewer's next/previous study uses the same live list.
  useEffect(() => {
    connect();
    startTriage();
  }, [connect]);

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
              : 'No studies in the PACS yet.'
            : failing
              ? 'Studies will appear once the PACS answers.'
              : 'Loading studies…'}
        </p>
      )}
    </section>
  );
}
