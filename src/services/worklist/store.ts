/**
 * The worklist slice: the study list kept live from the PACS, sort/filter, selection and scroll
 * (kept across visits to the viewer), and the visible order the viewer uses for next/previous.
 */
import { create } from 'zustand';
import type { DicomJson } from '../../domain/dicom/dicom-json';
import { pacsClient } from '../pacs/default-client';
import type { PacsClient } from '../pacs/client';
import type { QidoQuery } from '../../domain/dicom/qido';
import { Tag } from '../../domain/dicom/tags';
import { describeFault, type PacsFault } from './faults';
import { EMPTY_FILTERS, filterStudies, type WorklistFilters } from '../../domain/study/filter';
import { startLiveSync, type LiveSync, type SyncMode } from './live-sync';
import { type MergeResult, mergeStudies, upsertStudies } from '../../domain/study/merge';
import { DEFAULT_SORT, nextSort, type SortColumn, type SortState, sortStudies, warmSortKeysLater } from '../../domain/study/sort';
import { studyFromDicom, type WorklistStudy } from '../../domain/study/worklist-study';
import { isFlagged, type WorklistTriage } from '../../domain/triage/worklist-triage';

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
  /** Urgency of every study (src/domain/triage), recomputed as AI results arrive and time passes. */
  triage: WorklistTriage;
  /** Show only studies the triage flags (critical or urgent). */
  flaggedOnly: boolean;

  toggleSort(column: SortColumn): void;
  setFilters(patch: Partial<WorklistFilters>): void;
  clearFilters(): void;
  setFlaggedOnly(flaggedOnly: boolean): void;
  setTriage(triage: WorklistTriage): void;
  select(uid: string | null): void;
  setScrollTop(scrollTop: number): void;
  /** Starts the live connection once; later calls do nothing. */
  connect(client?: PacsClient): void;
  /** Retry now instead of waiting for the back-off. */
  retryNow(): void;
  disconnect(): void;
}

/**
 * The first page only has to fill the screen (Orthanc 1.10 answers QIDO in ~2–5 ms per study); then
 * pages of growing size, as many at once as the machine has cores (the PACS usually runs beside it).
 */
const HARVEST = { firstPageSize: 50, concurrency: Math.min(4, Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2)) };

let liveSync: LiveSync | null = null;

/** Each dataset mapped once: the complete list at the end of a walk repeats every page's datasets. */
const mapped = new WeakMap<DicomJson, WorklistStudy | null>();

function toStudy(ds: DicomJson): WorklistStudy | null {
  let study = mapped.get(ds);
  if (study === undefined) mapped.set(ds, (study = studyFromDicom(ds)));
  return study;
}

function toStudies(datasets: DicomJson[]): WorklistStudy[] {
  const studies = datasets.map(toStudy).filter((study): study is WorklistStudy => study !== null);
  warmSortKeysLater(studies);
  return studies;
}

const NO_TRIAGE: WorklistTriage = { results: new Map(), ranks: new Map() };

type ArrangeInputs = Pick<WorklistState, 'studies' | 'filters' | 'sort' | 'triage' | 'flaggedOnly'>;

const arrange = ({ studies, filters, sort, triage, flaggedOnly }: ArrangeInputs) => {
  const matching = filterStudies(studies, filters);
  const shown = flaggedOnly ? matching.filter((study) => isFlagged(triage.results.get(study.studyInstanceUID))) : matching;
  return sortStudies(shown, sort, triage.ranks);
};

export const useWorklist = create<WorklistState>((set, get) => {
  /** Takes a merge result; studies that appear after the first complete list count as arrivals. */
  const apply = ({ studies, added, removed, changed }: MergeResult) => {
    if (added.length === 0 && removed.length === 0 && changed === 0) return;
    const { arrivedUIDs, loaded } = get();
    set({
      studies,
      visible: arrange({ ...get(), studies }),
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
    triage: NO_TRIAGE,
    flaggedOnly: false,

    toggleSort(column) {
      const sort = nextSort(get().sort, column);
      set({ sort, visible: arrange({ ...get(), sort }) });
    },
    setFilters(patch) {
      const filters = { ...get().filters, ...patch };
      set({ filters, visible: arrange({ ...get(), filters }) });
    },
    clearFilters() {
      set({ filters: EMPTY_FILTERS, flaggedOnly: false, visible: arrange({ ...get(), filters: EMPTY_FILTERS, flaggedOnly: false }) });
    },
    setFlaggedOnly(flaggedOnly) {
      set({ flaggedOnly, visible: arrange({ ...get(), flaggedOnly }) });
    },
    setTriage(triage) {
      set({ triage, visible: arrange({ ...get(), triage }) });
    },
    select: (selectedUID) => set({ selectedUID }),
    setScrollTop: (scrollTop) => set({ scrollTop }),

    connect(client = pacsClient) {
      if (liveSync) return;
      liveSync = startLiveSync(
        { client, query: WORKLIST_QUERY, ...HARVEST },
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
