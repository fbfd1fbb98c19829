/**
 * What each viewport on screen shows, keyed by pane: the Cornerstone session, the image asked for and the
 * one drawn, W/L and zoom. The features (the open study, the compare layout's prior) keep only what is
 * theirs and read and write their pane's viewport here.
 */
import { create } from 'zustand';
import type { ViewportSession } from './cornerstone/session';
import type { Voi } from '../../domain/viewer/voi';

/** The main viewport of the open study, and the compare layout's prior. */
export type PaneId = 'current' | 'prior';

export interface Viewport {
  session: ViewportSession | null;
  imageIndex: number;
  /** The image the reader asked for, and the one Cornerstone has actually drawn. */
  currentImageId: string | null;
  shownImageId: string | null;
  voi: Voi | null;
  zoom: number | null;
}

/** What a pane shows before (or after) a study is loaded into it; the session outlives loads. */
export const EMPTY_VIEWPORT: Omit<Viewport, 'session'> = { imageIndex: 0, currentImageId: null, shownImageId: null, voi: null, zoom: null };

export const useViewports = create<Record<PaneId, Viewport>>(() => ({
  current: { ...EMPTY_VIEWPORT, session: null },
  prior: { ...EMPTY_VIEWPORT, session: null },
}));

/** A React hook on one pane's viewport. */
export function useViewport<T>(pane: PaneId, selector: (viewport: Viewport) => T): T {
  return useViewports((panes) => selector(panes[pane]));
}

export function viewportOf(pane: PaneId): Viewport {
  return useViewports.getState()[pane];
}

export function updateViewport(pane: PaneId, patch: Partial<Viewport>): void {
  useViewports.setState((panes) => ({ [pane]: { ...panes[pane], ...patch } }));
}

/** Forgets what the pane showed, keeping its session (the Cornerstone element stays mounted). */
export function clearViewport(pane: PaneId): void {
  updateViewport(pane, EMPTY_VIEWPORT);
}

/** Has the requested image been drawn yet? (Errors are the feature's to say.) */
export function isRequestedImageShown(viewport: Pick<Viewport, 'currentImageId' | 'shownImageId'>): boolean {
  return viewport.currentImageId !== null && viewport.currentImageId === viewport.shownImageId;
}
