/**
 * The compare layout's prior pane: which prior is loaded and its series. What its viewport shows is the
 * 'prior' pane of the viewport store.
 */
import { create } from 'zustand';
import type { PacsClient } from '../pacs/client';
import type { SessionListener } from '../viewer/cornerstone/session';
import type { Series } from '../../domain/study/series';
import { clearViewport, isRequestedImageShown, updateViewport, type Viewport } from '../viewer/viewport-store';
import { loadPriorSeries } from './load-prior-series';
import { studyCacheOf } from '../pacs/study-cache';

export interface PriorPaneState {
  studyInstanceUid: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the prior cannot be shown (its series or its image failed); the rest of the viewer is unaffected. */
  error: string | null;
  series: Series | null;

  /** `currentDescription`: the current study's shown series, to hang the same view of the prior. */
  load(
    client: Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata'>,
    studyInstanceUid: string,
    dicomWebRoot: string,
    currentDescription?: string,
  ): Promise<void>;
  reset(): void;
}

const initial = {
  studyInstanceUid: null,
  status: 'idle' as const,
  error: null,
  series: null,
};

/** The shown prior stays in the study cache while the pane shows it. */
let releaseShownPrior: (() => void) | null = null;

export const usePriorPane = create<PriorPaneState>((set, get) => ({
  ...initial,

  async load(client, studyInstanceUid, dicomWebRoot, currentDescription) {
    set({ ...initial, studyInstanceUid, status: 'loading' });
    clearViewport('prior');
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

  reset() {
    releaseShownPrior?.();
    releaseShownPrior = null;
    set({ ...initial });
    clearViewport('prior');
  },
}));

/** Events of images of a prior shown before this one (still loading while the next one is chosen) are dropped. */
const ofShownPrior = (imageId: string) => usePriorPane.getState().series?.imageIds.includes(imageId) ?? false;

/** The prior viewport's events, into its pane of the viewport store (failures into this slice). */
export const priorPaneListener: SessionListener = {
  imageRequested: (imageId, imageIndex) => {
    if (ofShownPrior(imageId)) updateViewport('prior', { currentImageId: imageId, imageIndex });
  },
  imageShown: (imageId, imageIndex) => {
    if (ofShownPrior(imageId)) updateViewport('prior', { currentImageId: imageId, shownImageId: imageId, imageIndex });
  },
  voiChanged: (voi) => updateViewport('prior', { voi }),
  zoomChanged: (zoom) => updateViewport('prior', { zoom }),
  imageFailed: (imageId, message) => {
    if (ofShownPrior(imageId)) usePriorPane.setState({ error: `image cannot be shown: ${message}` });
  },
  annotationsChanged: () => {},
};

/** For the page and the e2e tests, as the main viewport's renderState. */
export function priorRenderState(
  state: Pick<PriorPaneState, 'status' | 'error'>,
  viewport: Pick<Viewport, 'currentImageId' | 'shownImageId'>,
): 'loading' | 'shown' | 'error' {
  if (state.status === 'error' || state.error) return 'error';
  return isRequestedImageShown(viewport) ? 'shown' : 'loading';
}
