import { memo } from 'react';
import { WORKLIST_COLUMNS } from '../columns';
import type { WorklistStudy } from '../study';

interface WorklistRowProps {
  study: WorklistStudy;
  index: number;
  top: number;
  selected: boolean;
  arrived: boolean;
  onOpen(uid: string): void;
}

/** One study row; memoized so a live update re-renders only the rows whose study changed. */
export const WorklistRow = memo(function WorklistRow({ study, index, top, selected, arrived, onOpen }: WorklistRowProps) {
  const classes = ['worklist-row', selected && 'worklist-row-selected', arrived && 'worklist-row-arrived', study.priority && `worklist-priority-${study.priority.toLowerCase()}`];
  return (
    <div
      id={`worklist-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-study-uid={study.studyInstanceUID}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(study.studyInstanceUID)}
    >
      {WORKLIST_COLUMNS.map((column) => {
        const text = column.cell(study);
        return (
          <div key={column.id} role="gridcell" className={`worklist-cell worklist-cell-${column.id}`} title={text}>
            {text}
          </div>
        );
      })}
    </div>
  );
});
