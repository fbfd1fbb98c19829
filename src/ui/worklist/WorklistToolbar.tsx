import { useMemo } from 'react';
import { isFiltered, modalityOptions } from '../../domain/study/filter';
import { useWorklist } from '../../services/worklist/store';
import { TriageControls } from '../triage/TriageControls';
import { SyncIndicator } from './SyncIndicator';

export function WorklistToolbar() {
  const studies = useWorklist((s) => s.studies);
  const shown = useWorklist((s) => s.visible.length);
  const total = useWorklist((s) => s.total);
  const totalExact = useWorklist((s) => s.totalExact);
  const filters = useWorklist((s) => s.filters);
  const setFilters = useWorklist((s) => s.setFilters);
  const clearFilters = useWorklist((s) => s.clearFilters);
  const modalities = useMemo(() => modalityOptions(studies), [studies]);

  return (
    <div className="worklist-toolbar" role="search">
      <input
        type="search"
        className="worklist-search"
        placeholder="Name, patient ID, accession, description"
        aria-label="Search studies"
        value={filters.text}
        onChange={(event) => setFilters({ text: event.target.value })}
      />
      <select aria-label="Modality" value={filters.modality} onChange={(event) => setFilters({ modality: event.target.value })}>
        <option value="">All modalities</option>
        {modalities.map((modality) => (
          <option key={modality} value={modality}>
            {modality}
          </option>
        ))}
      </select>
      <label className="worklist-date">
        From <input type="date" aria-label="Study date from" value={filters.dateFrom} onChange={(event) => setFilters({ dateFrom: event.target.value })} />
      </label>
      <label className="worklist-date">
        To <input type="date" aria-label="Study date to" value={filters.dateTo} onChange={(event) => setFilters({ dateTo: event.target.value })} />
      </label>
      <TriageControls />
      {isFiltered(filters) && (
        <button type="button" onClick={clearFilters}>
          Clear filters
        </button>
      )}
      <span className="worklist-count" aria-live="polite">
        {total !== null
          ? `${totalExact ? '' : '≈'}${total} studies` // index mode: the server's count for the filters
          : shown === studies.length
            ? `${studies.length} studies`
            : `${shown} of ${studies.length} studies`}
      </span>
      <SyncIndicator />
    </div>
  );
}
