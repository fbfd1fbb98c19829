/**
 * The worklist slice: the study list kept live from the PACS, sort/filter, selection and scroll
 * (kept across visits to the viewer), and the visible order the viewer uses for next/previous.
 */
import { create } from 'zustand';
import { type DicomJson, pacsClient, type PacsClient, type QidoQuery, Tag } from '../dicomweb';
import { describeFault, type PacsFault } from './faults';
import { EMPTY_FILTERS, filterStudies, type WorklistFilters } from './filter';
import { startLiveSync, type LiveSync, type SyncMode } from './live-sync';
import { type MergeResult, mergeStudies, upsertStudies } from './merge';
import { DEFAULT_SORT, nextSort, type SortColumn, type SortState, sortStudies } from './sort';
import { studyFromDicom, type WorklistStudy } from './study';

/** Attributes beyond the QIDO study defaults that the worklist shows. */
export const WORKLIST_QUERY: QidoQuery = {
  includefield: [Tag.StudyDescription, Tag.PatientAge, Tag.BodyPartExamined, Tag.RequestedProcedurePriority],
};

export type SyncState =
  | { phase: 'loading' }
  | { phase: 'live'; mode: SyncMode; syncedAt: number }
  | { phase: 'failed'; fault: PacsFault; attempt: number; retryAt: number; syncedAt?: number };

export interface WorklistState {
  /** Every study known, in no particular order. */
  studies: WorklistStudy[];
  /** Studies after filter and sort: what the table shows. */
  visible: WorklistStudy[];
  sort: SortState;
  filters: WorklistFilters;
  selectedUID: string | null;
  scrollTop: number;
  sync: SyncState;
  /** True once a first list arrived (it stays, whatever happens to the PACS later). */
  loaded: boolean;
  /** UIDs that arrived by a live update (not the first load), for highlighting. */
  arrivedUIDs: ReadonlySet<string>;

  toggleSort(column: SortColumn): void;
  setFilters(patch: Partial<WorklistFilters>): void;
  clearFilters(): void;
  select(uid: string | null): void;
  setScrollTop(scrollTop: number): void;
  /** Starts the live connection once; later calls do nothing. */
  connect(client?: PacsClient): void;
  /** Retry now instead of waiting for the back-off. */
  retryNow(): void;
  disconnect(): void;
}

let liveSync: LiveSync | null = null;

const toStudies = (datasets: DicomJson[]) => datasets.map(studyFromDicom).filter((study): study is WorklistStudy => study !== null);

const arrange = (studies: readonly WorklistStudy[], filters: WorklistFilters, sort: SortState) =>
  sortStudies(filterStudies(studies, filters), sort);

export const useWorklist = create<WorklistState>((set, get) => {
  /** Takes a merge result; studies that appear after the first complete list count as arrivals. */
  const apply = ({ studies, added, removed, changed }: MergeResult) => {
    if (added.length === 0 && removed.length === 0 && changed === 0) return;
    const { filters, sort, arrivedUIDs, loaded } = get();
    set({
      studies,
      visible: arrange(studies, filters, sort),
      arrivedUIDs: loaded && added.length > 0 ? new Set([...arrivedUIDs, ...added]) : arrivedUIDs,
    });
  };

  return {
    studies: [],
    visible: [],
    sort: DEFAULT_SORT,
    filters: EMPTY_FILTERS,
    selectedUID: null,
    scrollTop: 0,
    sync: { phase: 'loading' },
    loaded: false,
    arrivedUIDs: new Set(),

    toggleSort(column) {
      const sort = nextSort(get().sort, column);
      set({ sort, visible: arrange(get().studies, get().filters, sort) });
    },
    setFilters(patch) {
      const filters = { ...get().filters, ...patch };
      set({ filters, visible: arrange(get().studies, filters, get().sort) });
    },
    clearFilters() {
      set({ filters: EMPTY_FILTERS, visible: arrange(get().studies, EMPTY_FILTERS, get().sort) });
    },
    select: (selectedUID) => set({ selectedUID }),
    setScrollTop: (scrollTop) => set({ scrollTop }),

    connect(client = pacsClient) {
      if (liveSync) return;
      liveSync = startLiveSync(
        { client, query: WORKLIST_QUERY },
        {
          onSnapshot(datasets, mode) {
            apply(mergeStudies(get().studies, toStudies(datasets)));
            set({ loaded: true, sync: { phase: 'live', mode, syncedAt: Date.now() } });
          },
          onUpdate(datasets, goneUIDs) {
            apply(upsertStudies(get().studies, toStudies(datasets), goneUIDs));
          },
          onHealthy(mode) {
            const { sync } = get();
            if (sync.phase !== 'live' || sync.mode !== mode) set({ sync: { phase: 'live', mode, syncedAt: Date.now() } });
          },
          onFailure(error, attempt, retryInMs) {
            const { sync } = get();
            const syncedAt = sync.phase === 'live' ? sync.syncedAt : sync.phase === 'failed' ? sync.syncedAt : undefined;
            set({ sync: { phase: 'failed', fault: describeFault(error), attempt, retryAt: Date.now() + retryInMs, syncedAt } });
          },
        },
      );
    },
    retryNow: () => liveSync?.wakeUp(),
    disconnect() {
      liveSync?.stop();
      liveSync = null;
    },
  };
});

/** The visible order of StudyInstanceUIDs (for the viewer's previous/next study). */
export function visibleStudyUIDs(state: Pick<WorklistState, 'visible'> = useWorklist.getState()): string[] {
  return state.visible.map((study) => study.studyInstanceUID);
}
