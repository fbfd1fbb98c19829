import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { useRouter } from '../../services/router/router-store';
import { WORKLIST_GRID_TEMPLATE } from './columns';
import { useWorklist } from '../../services/worklist/store';
import { WorklistHeader } from './WorklistHeader';
import { WorklistRow } from './WorklistRow';

const ROW_HEIGHT = 28;

/** The first row at the top of the viewport and how far it is scrolled into. */
interface ScrollAnchor {
  uid: string;
  offset: number;
}

/** Virtualized study table: only the rows in view exist in the DOM, so 10,000 studies stay fluid. */
export function WorklistTable() {
  const visible = useWorklist((s) => s.visible);
  const sort = useWorklist((s) => s.sort);
  const filters = useWorklist((s) => s.filters);
  const selectedUID = useWorklist((s) => s.selectedUID);
  const arrivedUIDs = useWorklist((s) => s.arrivedUIDs);
  const flaggedOnly = useWorklist((s) => s.flaggedOnly);
  const triage = useWorklist((s) => s.triage.results);
  const select = useWorklist((s) => s.select);
  const setScrollTop = useWorklist((s) => s.setScrollTop);
  const loadMore = useWorklist((s) => s.loadMore);
  const hasMore = useWorklist((s) => s.source === 'index' && s.total !== null && s.studies.length < s.total);
  const navigate = useRouter((s) => s.navigate);
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<ScrollAnchor | null>(null);
  const arranged = useRef({ sort, filters, flaggedOnly });
  const selectedRef = useRef(selectedUID);
  selectedRef.current = selectedUID;
  const getItemKey = useCallback((index: number) => visible[index].studyInstanceUid, [visible]);

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialOffset: () => useWorklist.getState().scrollTop,
    getItemKey,
  });

  const rememberAnchor = useCallback(
    (scrollTop: number) => {
      const index = Math.floor(scrollTop / ROW_HEIGHT);
      const study = visible[index];
      anchor.current = study ? { uid: study.studyInstanceUid, offset: scrollTop - index * ROW_HEIGHT } : null;
    },
    [visible],
  );

  // Coming back from the viewer: the list is where the reader left it.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = useWorklist.getState().scrollTop;
  }, []);

  // A live update must not move what the reader is looking at: keep the top row in place.
  // A new sort or filter is the reader's own doing: show the selected study, else the top.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const userRearranged = arranged.current.sort !== sort || arranged.current.filters !== filters || arranged.current.flaggedOnly !== flaggedOnly;
    arranged.current = { sort, filters, flaggedOnly };
    if (userRearranged) {
      const selectedIndex = visible.findIndex((study) => study.studyInstanceUid === selectedRef.current);
      if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
      else element.scrollTop = 0;
    } else if (anchor.current) {
      const index = visible.findIndex((study) => study.studyInstanceUid === anchor.current?.uid);
      if (index >= 0) element.scrollTop = index * ROW_HEIGHT + anchor.current.offset;
    }
    rememberAnchor(element.scrollTop);
  }, [visible, sort, filters, flaggedOnly, virtualizer, rememberAnchor]);

  // Index mode: the next page loads as the reader nears the end of the loaded rows.
  const lastInView = virtualizer.getVirtualItems().at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && lastInView >= visible.length - 40) loadMore();
  }, [hasMore, lastInView, visible.length, loadMore]);

  const open = useCallback(
    (uid: string) => {
      select(uid);
      navigate({ name: 'study', studyInstanceUid: uid });
    },
    [select, navigate],
  );

  const selectedIndex = visible.findIndex((study) => study.studyInstanceUid === selectedUID);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: selectedIndex + 1,
      ArrowUp: selectedIndex - 1,
      PageDown: selectedIndex + pageRows,
      PageUp: selectedIndex - pageRows,
      Home: 0,
      End: visible.length - 1,
    };
    if (event.key === 'Enter' && selectedUID && selectedIndex >= 0) {
      event.preventDefault();
      open(selectedUID);
    } else if (event.key in moves && visible.length > 0) {
      event.preventDefault();
      const index = Math.min(visible.length - 1, Math.max(0, moves[event.key]));
      select(visible[index].studyInstanceUid);
      virtualizer.scrollToIndex(index, { align: 'auto' });
    }
  };

  return (
    <div className="worklist-grid" style={{ ['--worklist-columns' as string]: WORKLIST_GRID_TEMPLATE }}>
      <div
        role="grid"
        aria-label="Studies"
        aria-rowcount={visible.length + 1}
        aria-activedescendant={selectedIndex >= 0 ? `worklist-row-${selectedIndex}` : undefined}
        tabIndex={0}
        className="worklist-table"
        onKeyDown={onKeyDown}
      >
        <WorklistHeader />
        <div
          ref={scrollRef}
          className="worklist-body"
          onScroll={(event) => {
            setScrollTop(event.currentTarget.scrollTop);
            rememberAnchor(event.currentTarget.scrollTop);
          }}
        >
          <div className="worklist-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const study = visible[item.index];
              return (
                <WorklistRow
                  key={item.key}
                  study={study}
                  index={item.index}
                  top={item.start}
                  selected={study.studyInstanceUid === selectedUID}
                  arrived={arrivedUIDs.has(study.studyInstanceUid)}
                  triage={triage.get(study.studyInstanceUid)}
                  onOpen={open}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
