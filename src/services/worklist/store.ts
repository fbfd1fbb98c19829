/**
 * The worklist slice: the study list, sort/filter, selection and scroll (kept across visits to the
 * viewer), and the visible order the viewer uses for next/previous.
 *
 * Two sources. Index mode (the server keeps the worklist index: the first page, ./first-page, answers
 * 200): server-sorted, server-filtered keyset pages loaded as the reader scrolls, refetched when the
 * server's event stream says something changed; urgency comes from the rows. QIDO mode (404: a server
 * without a database): the whole archive is walked and followed by the browser, sorted and filtered here.
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
import { nextSort, type SortColumn, type SortState, sortStudies, warmSortKeysLater } from '../../domain/study/sort';
import { studyFromDicom } from '../../domain/study/worklist-study';
import type { Study } from '../../domain/study/study';
import { isFlagged, type WorklistTriage } from '../../domain/triage/worklist-triage';
import { createIndexClient, IndexHttpError, IndexUnreachableError, type IndexClient, type IndexPage } from './index-client';
import { onIndexChange } from './index-events';
import { fetchFirstPage, FIRST_ROWS_IN_STORE_MARK, INITIAL_VIEW, isInitialQuery } from './first-page';
import { createIndexPager, type IndexPager, type PagerReason, type PagerSnapshot } from './index-pager';
import { type IndexAiView, INDEX_SORT, indexQueryOf, viewOfIndexRows } from './index-row';
import { retryDelayMs } from './faults';

/** Attributes beyond the QIDO study defaults that the worklist shows. */
export const WORKLIST_QUERY: QidoQuery = {
  includefield: [Tag.StudyDescription, Tag.PatientAge, Tag.BodyPartExamined, Tag.RequestedProcedurePriority],
};

export type SyncState =
  | { phase: 'loading' }
  | { phase: 'live'; mode: SyncMode; syncedAt: number }
  | { phase: 'failed'; fault: PacsFault; attempt: number; retryAt: number; syncedAt?: number };

/** Where the list comes from: not known yet, the server's index, or the browser's own walk of the PACS. */
export type WorklistSource = 'probing' | 'index' | 'qido';

export interface WorklistState {
  source: WorklistSource;
  /** Studies matching the filters (index mode: the server's count; null in QIDO mode). */
  total: number | null;
  /** False when `total` is the server's estimate. */
  totalExact: boolean;
  /** Index mode: each loaded row's AI summary in words. */
  indexAi: ReadonlyMap<string, IndexAiView>;
  /** Every study known, in no particular order. */
  studies: Study[];
  /** Studies after filter and sort: what the table shows. */
  visible: Study[];
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
  connect(client?: PacsClient, index?: IndexClient): void;
  /** Index mode: load the next page (the reader scrolled near the end of the loaded rows). */
  loadMore(): void;
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
let connected = false;
let probeTimer: ReturnType<typeof setTimeout> | null = null;
let wakeProbe: (() => void) | null = null;
/** Index mode: the loaded range, the event stream, the PACS health check, the retry timer. */
let indexSession: { pager: IndexPager; stop(): void; wake(): void } | null = null;
/** The sort the index is being asked for; shown once its rows arrive (header and rows change together). */
let pendingSort: SortState | null = null;

const PACS_HEALTH_MS = 3000;

export function describeIndexFault(error: unknown): PacsFault {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof IndexUnreachableError) {
    return { kind: 'unreachable', title: 'Dokuei server unreachable — the list below may be out of date', detail };
  }
  if (error instanceof IndexHttpError) {
    if (error.status === 401) return { kind: 'auth', title: 'Signed out — sign in again to see the worklist', detail, status: 401 };
    if (error.status === 403) return { kind: 'auth', title: `Refused by the Dokuei server (HTTP ${error.status})`, detail, status: error.status };
    if (error.status >= 500) {
      return {
        kind: 'server',
        title: `Worklist database unavailable (HTTP ${error.status}) — the list below may be out of date`,
        detail,
        status: error.status,
      };
    }
    return { kind: 'response', title: `The worklist server refused the query (HTTP ${error.status})`, detail, status: error.status };
  }
  return { kind: 'unknown', title: 'Worklist update failed', detail };
}

/** Each dataset mapped once: the complete list at the end of a walk repeats every page's datasets. */
const mapped = new WeakMap<DicomJson, Study | null>();

function toStudy(ds: DicomJson): Study | null {
  let study = mapped.get(ds);
  if (study === undefined) mapped.set(ds, (study = studyFromDicom(ds)));
  return study;
}

function toStudies(datasets: DicomJson[]): Study[] {
  const studies = datasets.map(toStudy).filter((study): study is Study => study !== null);
  warmSortKeysLater(studies);
  return studies;
}

const NO_TRIAGE: WorklistTriage = { results: new Map(), ranks: new Map() };

type ArrangeInputs = Pick<WorklistState, 'studies' | 'filters' | 'sort' | 'triage' | 'flaggedOnly'>;

/** Index mode: the server sorted and filtered; only the date range (no index filter) is applied here. */
const arrangeIndexed = (studies: Study[], filters: WorklistFilters) =>
  filters.dateFrom || filters.dateTo ? filterStudies(studies, { ...EMPTY_FILTERS, dateFrom: filters.dateFrom, dateTo: filters.dateTo }) : studies;

const arrange = ({ studies, filters, sort, triage, flaggedOnly }: ArrangeInputs) => {
  const matching = filterStudies(studies, filters);
  const shown = flaggedOnly ? matching.filter((study) => isFlagged(triage.results.get(study.studyInstanceUid))) : matching;
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

  const indexed = () => get().source === 'index';
  /** Asks the index for the view with `patch`; `firstPage` is the answer to the initial view, when known. */
  const requery = (patch: Partial<Pick<WorklistState, 'sort' | 'filters' | 'flaggedOnly'>>, firstPage?: IndexPage) => {
    const { sort, filters, flaggedOnly } = { ...get(), ...patch };
    pendingSort = sort;
    const query = indexQueryOf(sort, filters, flaggedOnly);
    void indexSession?.pager.setQuery(query, firstPage && isInitialQuery(query) ? firstPage : undefined);
  };

  /** Index mode: the server's answer; rows new to a refetch (not to a new query or page) are arrivals. */
  const applyIndexRows = ({ rows, total, totalExact }: PagerSnapshot, reason: PagerReason) => {
    const view = viewOfIndexRows(rows);
    const state = get();
    let arrivedUIDs = state.arrivedUIDs;
    if (reason === 'refetch' && state.loaded) {
      const known = new Set(state.studies.map((study) => study.studyInstanceUid));
      const added = view.studies.filter((study) => !known.has(study.studyInstanceUid)).map((study) => study.studyInstanceUid);
      if (added.length > 0) arrivedUIDs = new Set([...arrivedUIDs, ...added]);
    }
    const sort = reason === 'query' && pendingSort ? pendingSort : state.sort;
    set({
      studies: view.studies,
      visible: arrangeIndexed(view.studies, state.filters),
      triage: { results: view.results, ranks: view.ranks },
      indexAi: view.ai,
      total,
      totalExact,
      sort,
      arrivedUIDs,
      loaded: true,
    });
    if (!state.loaded) performance.mark(FIRST_ROWS_IN_STORE_MARK);
  };

  const startIndex = (client: IndexClient, pacs: PacsClient, firstPage: IndexPage) => {
    let indexFault: { error: unknown; attempt: number; retryAt: number } | null = null;
    let pacsFault: { error: unknown; attempt: number; retryAt: number } | null = null;
    let syncedAt: number | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let healthTimer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const publishSync = () => {
      const fault = indexFault
        ? { ...indexFault, fault: describeIndexFault(indexFault.error) }
        : pacsFault
          ? { ...pacsFault, fault: describeFault(pacsFault.error) }
          : null;
      if (fault) set({ sync: { phase: 'failed', fault: fault.fault, attempt: fault.attempt, retryAt: fault.retryAt, syncedAt } });
      else if (get().loaded) set({ sync: { phase: 'live', mode: 'changes', syncedAt: syncedAt ?? Date.now() } });
    };

    const retry = () => {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      if (get().loaded) void pager.refetch();
      else requery({});
    };

    const pager = createIndexPager(
      { fetchPage: client.fetchPage },
      {
        onRows(snapshot, reason) {
          applyIndexRows(snapshot, reason);
          indexFault = null;
          syncedAt = Date.now();
          publishSync();
        },
        onError(error) {
          const attempt = (indexFault?.attempt ?? 0) + 1;
          const delay = retryDelayMs(attempt);
          indexFault = { error, attempt, retryAt: Date.now() + delay };
          publishSync();
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = setTimeout(retry, delay);
        },
      },
    );

    const closeEvents = onIndexChange(() => pager.refetchSoon());

    // The index answers without the PACS; the banner says when the PACS (images, AI) is unreachable.
    const checkPacs = async () => {
      if (stopped) return;
      try {
        await pacs.fetchLastChangeSeq();
        if (pacsFault) {
          pacsFault = null;
          publishSync();
        }
      } catch (error) {
        const attempt = (pacsFault?.attempt ?? 0) + 1;
        pacsFault = { error, attempt, retryAt: Date.now() + PACS_HEALTH_MS };
        publishSync();
      }
      if (!stopped) healthTimer = setTimeout(checkPacs, PACS_HEALTH_MS);
    };
    healthTimer = setTimeout(checkPacs, PACS_HEALTH_MS);

    indexSession = {
      pager,
      wake() {
        retry();
        if (healthTimer) clearTimeout(healthTimer);
        void checkPacs();
      },
      stop() {
        stopped = true;
        pager.stop();
        closeEvents();
        if (retryTimer) clearTimeout(retryTimer);
        if (healthTimer) clearTimeout(healthTimer);
      },
    };
    requery({}, firstPage);
  };

  const startQido = (client: PacsClient) => {
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
  };

  return {
    source: 'probing',
    total: null,
    totalExact: true,
    indexAi: new Map(),
    studies: [],
    visible: [],
    ...INITIAL_VIEW,
    selectedUID: null,
    scrollTop: 0,
    sync: { phase: 'loading' },
    loaded: false,
    arrivedUIDs: new Set(),
    triage: NO_TRIAGE,

    toggleSort(column) {
      if (indexed()) {
        // A column the index cannot sort by (image counts) stays as it is.
        if (INDEX_SORT[column] === null) return;
        requery({ sort: nextSort(pendingSort ?? get().sort, column) });
        return;
      }
      const sort = nextSort(get().sort, column);
      set({ sort, visible: arrange({ ...get(), sort }) });
    },
    setFilters(patch) {
      const filters = { ...get().filters, ...patch };
      if (indexed()) {
        const before = get().filters;
        set({ filters, visible: arrangeIndexed(get().studies, filters) });
        if (filters.text !== before.text || filters.modality !== before.modality) requery({ filters });
        return;
      }
      set({ filters, visible: arrange({ ...get(), filters }) });
    },
    clearFilters() {
      if (indexed()) {
        set({ filters: EMPTY_FILTERS, flaggedOnly: false, visible: get().studies });
        requery({ filters: EMPTY_FILTERS, flaggedOnly: false });
        return;
      }
      set({ filters: EMPTY_FILTERS, flaggedOnly: false, visible: arrange({ ...get(), filters: EMPTY_FILTERS, flaggedOnly: false }) });
    },
    setFlaggedOnly(flaggedOnly) {
      if (indexed()) {
        set({ flaggedOnly });
        requery({ flaggedOnly });
        return;
      }
      set({ flaggedOnly, visible: arrange({ ...get(), flaggedOnly }) });
    },
    setTriage(triage) {
      // Index mode: urgency is the server's, computed with the rows.
      if (indexed()) return;
      set({ triage, visible: arrange({ ...get(), triage }) });
    },
    select: (selectedUID) => set({ selectedUID }),
    setScrollTop: (scrollTop) => set({ scrollTop }),

    connect(client = pacsClient, index = createIndexClient()) {
      if (connected) return;
      connected = true;
      let attempt = 0;
      const probe = async () => {
        if (!connected) return;
        try {
          const firstPage = await fetchFirstPage(index);
          if (!connected) return;
          set({ source: firstPage ? 'index' : 'qido' });
          if (firstPage) startIndex(index, client, firstPage);
          else startQido(client);
        } catch (error) {
          // The server or its database does not answer: say so, ask again (never walk the archive instead).
          attempt++;
          const delay = retryDelayMs(attempt);
          const { sync } = get();
          set({
            sync: {
              phase: 'failed',
              fault: describeIndexFault(error),
              attempt,
              retryAt: Date.now() + delay,
              syncedAt: sync.phase === 'loading' ? undefined : sync.syncedAt,
            },
          });
          probeTimer = setTimeout(probe, delay);
        }
      };
      wakeProbe = () => {
        if (probeTimer) clearTimeout(probeTimer);
        probeTimer = null;
        void probe();
      };
      void probe();
    },
    loadMore() {
      void indexSession?.pager.loadMore();
    },
    retryNow() {
      if (indexSession) indexSession.wake();
      else if (liveSync) liveSync.wakeUp();
      else wakeProbe?.();
    },
    disconnect() {
      connected = false;
      if (probeTimer) clearTimeout(probeTimer);
      indexSession?.stop();
      indexSession = null;
      liveSync?.stop();
      liveSync = null;
    },
  };
});
/**
 * Calls `then` once the source is known: 'index' (the server pushes its changes: ./index-events) or 'qido'
 * (a server without a database: whoever follows the server polls instead).
 */
export function whenWorklistSource(then: (source: 'index' | 'qido') => void): void {
  const { source } = useWorklist.getState();
  if (source !== 'probing') return then(source);
  const unsubscribe = useWorklist.subscribe((state) => {
    if (state.source === 'probing') return;
    unsubscribe();
    then(state.source);
  });
}

/**
 * Whether the worklist has its first rows (QIDO mode: the walk's first page), a complete empty list, or
 * said why it has none (a fault, retried).
 */
const settled = (state: Pick<WorklistState, 'studies' | 'loaded' | 'sync'>) => state.studies.length > 0 || state.loaded || state.sync.phase === 'failed';

/** Calls `then` once the worklist has settled (at once if it has). */
export function whenWorklistSettled(then: () => void): void {
  if (settled(useWorklist.getState())) return then();
  const unsubscribe = useWorklist.subscribe((state) => {
    if (!settled(state)) return;
    unsubscribe();
    then();
  });
}

/** Starts the worklist's source once for the session (src/app/bootstrap.ts). */
export function startWorklistSync(): void {
  useWorklist.getState().connect();
}

/** The visible order of StudyInstanceUIDs (for the viewer's previous/next study). */
export function visibleStudyUIDs(state: Pick<WorklistState, 'visible'> = useWorklist.getState()): string[] {
  return state.visible.map((study) => study.studyInstanceUid);
}
