import { memo, type ReactNode } from 'react';
import { IndexAiCell } from './IndexAiCell';
import { ReadingCell } from '../triage/ReadingCell';
import { UrgencyBadge } from '../triage/UrgencyBadge';
import type { TriageResult } from '../../domain/triage/types';
import { WORKLIST_COLUMNS } from './columns';
import type { SortColumn } from '../../domain/study/sort';
import type { Study } from '../../domain/study/study';

interface WorklistRowProps {
  study: Study;
  index: number;
  top: number;
  selected: boolean;
  arrived: boolean;
  triage: TriageResult | undefined;
  onOpen(uid: string): void;
}

/** Cells whose content is live state rather than the study's own text. */
const LIVE_CELLS: Partial<Record<SortColumn, (study: Study, triage: TriageResult | undefined) => ReactNode>> = {
  urgency: (_study, triage) => <UrgencyBadge result={triage} />,
  aiStatus: (study) => <IndexAiCell studyInstanceUid={study.studyInstanceUid} />,
  readingStatus: (study) => <ReadingCell studyInstanceUid={study.studyInstanceUid} />,
};

/** One study row; memoized so a live update re-renders only the rows whose study changed. */
export const WorklistRow = memo(function WorklistRow({ study, index, top, selected, arrived, triage, onOpen }: WorklistRowProps) {
  const classes = [
    'worklist-row',
    selected && 'worklist-row-selected',
    arrived && 'worklist-row-arrived',
    study.priority && `worklist-priority-${study.priority.toLowerCase()}`,
  ];
  return (
    <div
      id={`worklist-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-study-uid={study.studyInstanceUid}
      data-urgency={triage?.level}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onOpen(study.studyInstanceUid)}
    >
      {WORKLIST_COLUMNS.map((column) => {
        const live = LIVE_CELLS[column.id];
        const text = column.cell(study);
        return (
          <div key={column.id} role="gridcell" className={`worklist-cell worklist-cell-${column.id}`} title={live ? undefined : text}>
            {live ? live(study, triage) : text}
          </div>
        );
      })}
    </div>
  );
});
