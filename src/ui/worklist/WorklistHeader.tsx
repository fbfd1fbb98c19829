import { WORKLIST_COLUMNS } from './columns';
import { useWorklist } from '../../services/worklist/store';

export function WorklistHeader() {
  const sort = useWorklist((s) => s.sort);
  const toggleSort = useWorklist((s) => s.toggleSort);
  return (
    <div role="row" aria-rowindex={1} className="worklist-row worklist-header">
      {WORKLIST_COLUMNS.map((column) => {
        const active = sort.column === column.id;
        return (
          <div
            key={column.id}
            role="columnheader"
            aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
            className="worklist-cell"
          >
            <button type="button" className="worklist-sort" onClick={() => toggleSort(column.id)}>
              {column.label}
              <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
