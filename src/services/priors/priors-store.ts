/** The viewer's priors slice: the lookup for the open study, the compare layout and its sync switches. */
import { create } from 'zustand';
import type { PacsClient } from '../pacs/client';
import type { SyncKind } from '../../domain/viewer/sync-rules';
import type { CompareAction } from '../../domain/viewer/shortcuts';
import { lookupPriors } from './load-priors';
import type { PriorLookup, StudySummary } from '../../domain/priors/prior-lookup';
import { cyclePriorUid } from '../../domain/priors/prior-query';

export interface PriorsState {
  studyInstanceUid: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  current: StudySummary | null;
  lookup: PriorLookup | null;
  compareOpen: boolean;
  selectedPriorUid: string | null;
  sync: Record<SyncKind, boolean>;
  subtraction: boolean;

  load(client: Pick<PacsClient, 'searchStudies'>, studyInstanceUid: string): Promise<void>;
  toggleCompare(): void;
  /** Shows that prior in the compare layout (opening it). */
  showPrior(studyInstanceUid: string): void;
  /** 1: the next (older) prior of the strip, -1: the previous (newer); wraps around. Opens compare first. */
  cyclePrior(delta: 1 | -1): void;
  toggleSync(kind: SyncKind): void;
  toggleSubtraction(): void;
  reset(): void;
}

const initial = {
  studyInstanceUid: null,
  status: 'idle' as const,
  error: null,
  current: null,
  lookup: null,
  compareOpen: false,
  selectedPriorUid: null,
  sync: { zoomPan: true, voi: true, scroll: true },
  subtraction: false,
};

export const usePriors = create<PriorsState>((set, get) => ({
  ...initial,

  async load(client, studyInstanceUid) {
    set({ ...initial, studyInstanceUid, status: 'loading' });
    const stillCurrent = () => get().studyInstanceUid === studyInstanceUid;
    try {
      const { current, lookup } = await lookupPriors(client, studyInstanceUid);
      if (stillCurrent()) set({ status: 'ready', current, lookup });
    } catch (error) {
      if (stillCurrent()) set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },

  toggleCompare() {
    const { compareOpen, lookup, selectedPriorUid } = get();
    if (compareOpen) return set({ compareOpen: false, subtraction: false });
    const selected = selectedPriorUid ?? (lookup?.defaultPrior ?? lookup?.priors[0])?.study.studyInstanceUid;
    if (selected) set({ compareOpen: true, selectedPriorUid: selected });
  },

  showPrior(studyInstanceUid) {
    set({ compareOpen: true, selectedPriorUid: studyInstanceUid });
  },

  cyclePrior(delta) {
    const { compareOpen, lookup, selectedPriorUid } = get();
    if (!compareOpen) return get().toggleCompare(); // the first press opens on the selected or default prior
    const next = cyclePriorUid(lookup?.priors ?? [], selectedPriorUid, delta);
    if (next) set({ compareOpen: true, selectedPriorUid: next });
  },

  toggleSync(kind) {
    set((s) => ({ sync: { ...s.sync, [kind]: !s.sync[kind] } }));
  },

  toggleSubtraction() {
    if (get().compareOpen) set((s) => ({ subtraction: !s.subtraction }));
  },

  reset() {
    set({ ...initial });
  },
}));

/** The prior shown in the compare layout, with its interval. */
export function selectedPrior(state: Pick<PriorsState, 'lookup' | 'selectedPriorUid'>) {
  return state.lookup?.priors.find((p) => p.study.studyInstanceUid === state.selectedPriorUid);
}

/** The compare layout's keys and toolbar buttons. */
export function dispatchCompare(action: CompareAction): void {
  const state = usePriors.getState();
  if (action.type === 'compare') state.toggleCompare();
  else if (action.type === 'prior') state.cyclePrior(action.delta);
  else state.toggleSubtraction();
}
