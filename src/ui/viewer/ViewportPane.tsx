import { type MouseEvent, type RefObject, useEffect, useRef } from 'react';
import { getNumber } from '../../domain/dicom/dicom-json';
import { Tag } from '../../domain/dicom/tags';
import { type SeriesDisplay, type SessionListener, ViewportSession } from '../../services/viewer/cornerstone/session';
import { ensureCornerstone } from '../../services/viewer/cornerstone/setup';
import { parseWadorsImageId } from '../../domain/dicom/imageIds';
import { formatVoi } from '../../domain/viewer/overlay';
import { instanceOfImageId, type Series } from '../../domain/study/series';
import { ViewerTag } from '../../domain/dicom/viewer-tags';
import type { Voi } from '../../domain/viewer/voi';
import { renderState, selectedSeries, tagVoiOf, useViewerStore } from '../../services/viewer/viewer-store';
import { updateViewport, useViewport } from '../../services/viewer/viewport-store';

/**
 * Creates a session on the element once Cornerstone is ready and destroys it on leave; shared by the
 * main viewport and the compare layout's prior pane.
 */
export function useViewportSession(
  elementRef: RefObject<HTMLDivElement | null>,
  listener: SessionListener,
  attach: (session: ViewportSession | null) => void,
  failed: (message: string) => void,
): void {
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let created: ViewportSession | null = null;
    let cancelled = false;
    // Construct only if still mounted: a session built after cleanup (React StrictMode's double
    // mount) would share this element with the live one, and its teardown would disable it.
    void ensureCornerstone().then(
      () => {
        if (cancelled) return;
        created = new ViewportSession(element, listener);
        attach(created);
      },
      (error: unknown) => failed(`Viewer could not start: ${String(error)}`),
    );
    return () => {
      cancelled = true;
      attach(null);
      created?.destroy();
    };
    // Once per pane: the element, listener and callbacks are fixed for its life.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deliberately run once per mount (see above)
  }, []);
}

/** What the session needs to display a series: VOI from the tags, bit depth for the histogram start. */
export function seriesDisplay(series: Series): SeriesDisplay {
  return {
    imageIds: series.imageIds,
    modality: series.modality,
    tagVoi: (imageId) => tagVoiOf(series, imageId),
    bitsStored: (imageId) => getNumber(instanceOfImageId(series, imageId)?.metadata, ViewerTag.BitsStored),
  };
}

/**
 * Shared props of a Cornerstone host element: W/L and zoom as attributes (for tests and debugging; the
 * e2e compares them across the compare layout's panes), and no context menu over the right-drag zoom.
 */
export function viewportHostProps(voi: Voi | null, zoom: number | null) {
  return {
    'data-voi': voi ? formatVoi(voi) : undefined,
    'data-zoom': zoom === null ? undefined : zoom.toFixed(3),
    onContextMenu: (e: MouseEvent) => e.preventDefault(),
  };
}

const store = useViewerStore.getState;
const mainListener: SessionListener = {
  imageRequested: (imageId, index) => store().recordImageRequested(imageId, index),
  imageShown: (imageId, index) => store().recordImageShown(imageId, index),
  voiChanged: (voi) => updateViewport('current', { voi }),
  zoomChanged: (zoom) => updateViewport('current', { zoom }),
  imageFailed: (imageId, message) => store().recordImageError(imageId, message),
  annotationsChanged: () => store().refreshMeasurements(),
};

/** Hosts the Cornerstone element of the open study. */
export function ViewportPane() {
  const elementRef = useRef<HTMLDivElement>(null);
  const series = useViewerStore(selectedSeries);
  const session = useViewport('current', (v) => v.session);
  const imageIndex = useViewport('current', (v) => v.imageIndex);
  const currentImageId = useViewport('current', (v) => v.currentImageId);
  const shownImageId = useViewport('current', (v) => v.shownImageId);
  const state = useViewerStore((s) => renderState(s, { currentImageId, shownImageId }));
  const voi = useViewport('current', (v) => v.voi);
  const zoom = useViewport('current', (v) => v.zoom);
  const firstPaint = useViewerStore((s) => s.firstPaint);
  const metadata = series && currentImageId ? instanceOfImageId(series, currentImageId)?.metadata : undefined;

  useViewportSession(
    elementRef,
    mainListener,
    (created) => updateViewport('current', { session: created }),
    (error) => useViewerStore.setState({ status: 'error', error }),
  );

  useEffect(() => {
    if (!session || !series || series.imageIds.length === 0) return;
    void session.showSeries(seriesDisplay(series));
  }, [session, series]);

  // Cornerstone owns this element's children (its canvas); React must not render into it.
  return (
    <div
      ref={elementRef}
      className="viewer-viewport"
      data-testid="viewer-viewport"
      data-render-state={state}
      data-first-paint={firstPaint}
      data-image-index={imageIndex}
      data-image-size={metadata ? `${getNumber(metadata, Tag.Columns)}x${getNumber(metadata, Tag.Rows)}` : undefined}
      data-sop-instance-uid={currentImageId ? parseWadorsImageId(currentImageId)?.sopInstanceUid : undefined}
      {...viewportHostProps(voi, zoom)}
    />
  );
}
