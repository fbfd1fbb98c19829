/**
 * The viewer's zustand slice: which study and series are open, what the overlay reads and which
 * instances failed. What the main viewport shows (and its ViewportSession, through which Cornerstone side
 * effects go) is the 'current' pane of the viewport store.
 */
import { create } from 'zustand';
import type { PacsClient } from '../pacs/client';
import { fetchBulkData } from '../pacs/bulk-data';
import { loadStudySeries } from './load-series';
import { studyCacheOf } from '../pacs/study-cache';
import { FIRST_IMAGE_MARKS } from '../../domain/viewer/first-image-marks';
import { calibrationOf, type Calibration } from '../../domain/viewer/calibration';
import { clearViewport, isRequestedImageShown, updateViewport, viewportOf, type Viewport } from './viewport-store';
import { instanceKeyOfImageId } from '../../domain/dicom/transfer-syntax';
import { type Measurement, type MeasurementTool, measurementText } from '../../domain/viewer/measurements';
import type { ToolName, ViewerAction } from '../../domain/viewer/shortcuts';
import { firstImageSeries, instanceOfImageId, studyHeader, type StudyHeader, type Series } from '../../domain/study/series';
import { getNumbers, ViewerTag } from '../../domain/dicom/viewer-tags';
import { VOI_PRESETS, type Voi, voiFromTags } from '../../domain/viewer/voi';
import { fetchRenderedPreview, firstFramePreview } from './rendered-preview';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What the viewport shows of the study's first image: nothing yet, the PACS-rendered preview, or the real pixels. */
export type FirstPaint = 'none' | 'rendered' | 'full';

export interface RenderedPreview {
  imageId: string;
  bitmap: ImageBitmap;
}

export interface ViewerState {
  studyInstanceUid: string | null;
  status: LoadStatus;
  error: string | null;
  header: StudyHeader | null;
  series: Series[];
  selectedSeriesUID: string | null;
  activeTool: ToolName;
  cinePlaying: boolean;
  /**
   * The study's first image is drawn or failed (or there is none): until then it owns the network and
   * the CPU, and thumbnails and the AI wait (see firstImageSettled).
   */
  firstImageDone: boolean;
  firstPaint: FirstPaint;
  /** Shown over the viewport until the first image is drawn or fails (the W/L tools act on the real pixels only). */
  preview: RenderedPreview | null;
  /**
   * The preview is painted or will not come. Until then the Cornerstone chunk waits: evaluating it
   * and starting WebGL hold the main thread for hundreds of ms, which the preview would wait out.
   */
  previewSettled: boolean;
  /** Instance key (imageId without /frames/n) → why it cannot be shown. */
  instanceErrors: Record<string, string>;
  measurements: Measurement[];

  loadStudy(client: PacsClient, studyInstanceUid: string, dicomWebRoot: string, fetchBulk?: (uri: string) => Promise<Uint8Array>): Promise<void>;
  selectSeries(seriesInstanceUid: string): void;
  dispatch(action: Exclude<ViewerAction, { type: 'study' | 'worklist' }>): void;
  recordImageRequested(imageId: string, imageIndex: number): void;
  recordImageShown(imageId: string, imageIndex: number): void;
  recordImageError(imageId: string, message: string): void;
  refreshMeasurements(): void;
  reset(): void;
}

const initial = {
  studyInstanceUid: null,
  status: 'idle' as LoadStatus,
  error: null,
  header: null,
  series: [],
  selectedSeriesUID: null,
  activeTool: 'WindowLevel' as ToolName,
  cinePlaying: false,
  firstImageDone: false,
  firstPaint: 'none' as FirstPaint,
  preview: null,
  previewSettled: false,
  instanceErrors: {},
  measurements: [],
};

export function selectedSeries(state: Pick<ViewerState, 'series' | 'selectedSeriesUID'>): Series | undefined {
  return state.series.find((s) => s.seriesInstanceUid === state.selectedSeriesUID);
}

/** Calibration of the image on screen (per instance: a series may mix calibrated and not). */
export function currentCalibration(state: Pick<ViewerState, 'series' | 'selectedSeriesUID'>, currentImageId: string | null): Calibration | null {
  const series = selectedSeries(state);
  const instance = series && currentImageId ? instanceOfImageId(series, currentImageId) : undefined;
  if (!instance) return null;
  return calibrationOf(getNumbers(instance.metadata, ViewerTag.PixelSpacing), getNumbers(instance.metadata, ViewerTag.ImagerPixelSpacing));
}

/** For the page and the e2e tests: has the requested image been drawn, or did it fail? */
export function renderState(
  state: Pick<ViewerState, 'instanceErrors'>,
  viewport: Pick<Viewport, 'currentImageId' | 'shownImageId'>,
): 'loading' | 'shown' | 'error' {
  if (viewport.currentImageId && state.instanceErrors[instanceKeyOfImageId(viewport.currentImageId)]) return 'error';
  return isRequestedImageShown(viewport) ? 'shown' : 'loading';
}

/** Background work on the viewer route (thumbnails, AI) starts once this is true for its study. */
export function firstImageSettled(
  state: Pick<ViewerState, 'studyInstanceUid' | 'status' | 'series' | 'firstImageDone'>,
  studyInstanceUid = state.studyInstanceUid,
): boolean {
  if (state.studyInstanceUid === null || state.studyInstanceUid !== studyInstanceUid) return false;
  return state.firstImageDone || state.status === 'error' || (state.status === 'ready' && !firstImageSeries(state.series));
}

export function tagVoiOf(series: Series, imageId: string): Voi | null {
  const instance = instanceOfImageId(series, imageId);
  return instance ? voiFromTags(getNumbers(instance.metadata, ViewerTag.WindowCenter), getNumbers(instance.metadata, ViewerTag.WindowWidth)) : null;
}

/** The open study stays in the study cache (not evicted for the AI queue's studies) until the viewer lets it go. */
let releaseOpenStudy: (() => void) | null = null;

export const useViewerStore = create<ViewerState>((set, get) => ({
  ...initial,

  async loadStudy(client, studyInstanceUid, dicomWebRoot, fetchBulk = fetchBulkData) {
    // App starts the study before the viewer's chunk has run; the page's own call then finds it under way.
    const { studyInstanceUid: open, status } = get();
    if (open === studyInstanceUid && (status === 'loading' || status === 'ready')) return;
    performance.mark(FIRST_IMAGE_MARKS.open);
    dropPreview();
    set({ ...initial, studyInstanceUid, status: 'loading' });
    clearViewport('current');
    releaseOpenStudy?.();
    releaseOpenStudy = studyCacheOf(client).retain(studyInstanceUid);
    const stillCurrent = () => get().studyInstanceUid === studyInstanceUid;
    const settlePreview = () =>
      afterNextPaint(() => {
        if (!stillCurrent()) return;
        set({ previewSettled: true });
        // Cornerstone's start (decode workers, GL) overlaps the first frame's request; the viewport reports a failure.
        void import('./cornerstone/setup').then((m) => m.ensureCornerstone()).catch(() => undefined);
      });
    try {
      const { series, metadata } = await loadStudySeries(client, studyInstanceUid, dicomWebRoot, fetchBulk);
      if (!stillCurrent()) return;
      performance.mark(FIRST_IMAGE_MARKS.metadata);
      const first = firstImageSeries(series);
      set({
        status: 'ready',
        series,
        header: studyHeader(metadata[0]),
        selectedSeriesUID: (first ?? series[0])?.seriesInstanceUid ?? null,
      });
      if (first) void showRenderedPreview(first, stillCurrent).finally(settlePreview);
      else settlePreview();
    } catch (error) {
      if (stillCurrent()) set({ status: 'error', error: error instanceof Error ? error.message : String(error) });
      settlePreview();
    }
  },

  selectSeries(seriesInstanceUid) {
    if (seriesInstanceUid === get().selectedSeriesUID) return;
    dropPreview();
    set({ selectedSeriesUID: seriesInstanceUid, cinePlaying: false, measurements: [] });
    updateViewport('current', { imageIndex: 0, currentImageId: null, shownImageId: null });
  },

  dispatch(action) {
    const { session } = viewportOf('current');
    if (!session) return;
    switch (action.type) {
      case 'tool':
        session.setPrimaryTool(action.tool);
        set({ activeTool: action.tool });
        return;
      case 'preset':
        session.setVoi(VOI_PRESETS[action.preset]);
        return;
      case 'scroll':
        session.scroll(action.delta);
        return;
      case 'invert':
        session.toggleInvert();
        return;
      case 'rotate':
        session.rotate(action.degrees);
        return;
      case 'flip':
        session.flip(action.axis);
        return;
      case 'reset':
        session.reset();
        return;
      case 'cine':
        set({ cinePlaying: session.toggleCine() });
        return;
    }
  },

  recordImageRequested(imageId, imageIndex) {
    updateViewport('current', { currentImageId: imageId, imageIndex });
  },

  recordImageShown(imageId, imageIndex) {
    if (!get().firstImageDone) performance.mark(FIRST_IMAGE_MARKS.shown);
    dropPreview();
    updateViewport('current', { currentImageId: imageId, shownImageId: imageId, imageIndex });
    set({ firstImageDone: true, firstPaint: 'full' });
    get().refreshMeasurements();
  },

  recordImageError(imageId, message) {
    const key = instanceKeyOfImageId(imageId);
    if (get().instanceErrors[key] === message) return;
    dropPreview();
    set((s) => ({ instanceErrors: { ...s.instanceErrors, [key]: message }, firstImageDone: true }));
  },

  refreshMeasurements() {
    const series = selectedSeries(get());
    const { session } = viewportOf('current');
    if (!session || !series) return;
    const measurements: Measurement[] = [];
    for (const a of session.annotations()) {
      const instance = instanceOfImageId(series, a.imageId);
      if (!instance || !isMeasurementTool(a.toolName)) continue;
      const cal = calibrationOf(getNumbers(instance.metadata, ViewerTag.PixelSpacing), getNumbers(instance.metadata, ViewerTag.ImagerPixelSpacing));
      const text = measurementText(a.toolName, a.points, cal);
      const frame = series.imageIds.indexOf(a.imageId) + 1;
      if (text) measurements.push({ id: a.id, tool: a.toolName, text: `${text} — Im ${frame}` });
    }
    set({ measurements });
  },

  reset() {
    releaseOpenStudy?.();
    releaseOpenStudy = null;
    dropPreview();
    set({ ...initial });
    clearViewport('current');
  },
}));

/**
 * Paints the PACS-rendered preview of the series' first frame unless the real image (or its error)
 * came first. A preview that cannot be had is no error: the viewport simply waits for the real pixels.
 */
async function showRenderedPreview(series: Series, stillCurrent: () => boolean): Promise<void> {
  const imageId = series.imageIds[0];
  const request = firstFramePreview(series);
  if (!request) return;
  try {
    const bitmap = await fetchRenderedPreview(request);
    const state = useViewerStore.getState();
    if (!stillCurrent() || state.firstImageDone || state.selectedSeriesUID !== series.seriesInstanceUid) return bitmap.close();
    useViewerStore.setState({ preview: { imageId, bitmap }, firstPaint: 'rendered' });
  } catch {
    // the real image follows
  }
}

/** After the browser has painted what is rendered now (at once where there is no screen: tests). */
function afterNextPaint(run: () => void): void {
  if (typeof requestAnimationFrame === 'undefined') return run();
  requestAnimationFrame(() => setTimeout(run));
}

function dropPreview(): void {
  const { preview } = useViewerStore.getState();
  if (!preview) return;
  useViewerStore.setState({ preview: null });
  preview.bitmap.close();
}

function isMeasurementTool(name: string): name is MeasurementTool {
  return name === 'Length' || name === 'Angle' || name === 'RectangleROI';
}
