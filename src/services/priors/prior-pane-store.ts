/** The compare layout's prior pane: which prior is loaded, its series, and what its viewport shows. */
import { create } from 'zustand';
import type { PacsClient } from '../pacs/client';
import type { SessionListener, ViewportSession } from '../viewer/cornerstone/session';
import type { Series } from '../../domain/study/series';
import type { Voi } from '../../domain/viewer/voi';
import { loadPriorSeries } from './load-prior-series';
import { studyCacheOf } from '../pacs/study-cache';

export interface PriorPaneState {
  studyInstanceUid: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the prior cannot be shown (its series or its image failed); the rest of the viewer is unaffected. */
  error: string | null;
  series: Series | null;
  session: ViewportSession | null;
  currentImageId: string | null;
  shownImageId: string | null;
  voi: Voi | null;
  zoom: number | null;

  /** `currentDescription`: the current study's shown series, to hang the same view of the prior. */
  load(
    client: Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata'>,
    studyInstanceUid: string,
    dicomWebRoot: string,
    currentDescription?: string,
  ): Promise<void>;
  attachSession(session: ViewportSession | null): void;
  reset(): void;
}

const initial = {
  studyInstanceUid: null,
  status: 'idle' as const,
  error: null,
  series: null,
  currentImageId: null,
  shownImageId: null,
  voi: null,
  zoom: null,
};

/** The shown prior stays in the study cache while the pane shows it. */
let releaseShownPrior: (() => void) | null = null;

export const usePriorPane = create<PriorPaneState>((set, get) => ({
  ...initial,
  session: null,

  async load(client, studyInstanceUid, dicomWebRoot, currentDescription) {
    set({ ...initial, studyInstanceUid, status: 'loading' });
    releaseShownPrior?.();
    releaseShownPrior = studyCacheOf(client).retain(studyInstanceUid);
    const stillCurrent = () => get().studyInstanceUid === studyInstanceUid;
    try {
      const series = await loadPriorSeries(client, studyInstanceUid, dicomWebRoot, currentDescription);
      if (!stillCurrent()) return;
      set(series ? { status: 'ready', series } : { status: 'error', error: 'this prior has no displayable images' });
    } catch (error) {
      if (stillCurrent()) set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },

  attachSession(session) {
    set({ session });
  },

  reset() {
    releaseShownPrior?.();
    releaseShownPrior = null;
    set({ ...initial });
  },
}));

/** Events of images of a prior shown before this one (still loading while the next one is chosen) are dropped. */
const ofShownPrior = (imageId: string) => usePriorPane.getState().series?.imageIds.includes(imageId) ?? false;

/** The prior viewport's events, into the slice. */
export const priorPaneListener: SessionListener = {
  imageRequested: (imageId) => {
    if (ofShownPrior(imageId)) usePriorPane.setState({ currentImageId: imageId });
  },
  imageShown: (imageId) => {
    if (ofShownPrior(imageId)) usePriorPane.setState({ currentImageId: imageId, shownImageId: imageId });
  },
  voiChanged: (voi) => usePriorPane.setState({ voi }),
  zoomChanged: (zoom) => usePriorPane.setState({ zoom }),
  imageFailed: (imageId, message) => {
    if (ofShownPrior(imageId)) usePriorPane.setState({ error: `image cannot be shown: ${message}` });
  },
  annotationsChanged: () => {},
};

/** For the page and the e2e tests, as the main viewport's renderState. */
export function priorRenderState(state: Pick<PriorPaneState, 'status' | 'error' | 'currentImageId' | 'shownImageId'>): 'loading' | 'shown' | 'error' {
  if (state.status === 'error' || state.error) return 'error';
  return state.currentImageId && state.currentImageId === state.shownImageId ? 'shown' : 'loading';
}
