import { useEffect, useRef } from 'react';
import { getNumber, Tag } from '../../dicomweb';
import { ViewportSession } from '../cornerstone/session';
import { ensureCornerstone } from '../cornerstone/setup';
import { parseWadorsImageId } from '../imageIds';
import { instanceOfImageId } from '../study-model';
import { ViewerTag } from '../viewer-tags';
import { renderState, selectedSeries, tagVoiOf, useViewerStore } from '../viewer-store';

/** Hosts the Cornerstone element; creates the session on mount and destroys it on leave. */
export function ViewportPane() {
  const elementRef = useRef<HTMLDivElement>(null);
  const series = useViewerStore(selectedSeries);
  const session = useViewerStore((s) => s.session);
  const state = useViewerStore(renderState);
  const imageIndex = useViewerStore((s) => s.imageIndex);
  const currentImageId = useViewerStore((s) => s.currentImageId);
  const metadata = series && currentImageId ? instanceOfImageId(series, currentImageId)?.metadata : undefined;

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    const store = useViewerStore.getState;
    let created: ViewportSession | null = null;
    let cancelled = false;
    // Construct only if still mounted: a session built after cleanup (React StrictMode's double
    // mount) would share this element with the live one, and its teardown would disable it.
    void ensureCornerstone().then(
      () => {
        if (cancelled) return;
        created = new ViewportSession(element, {
          imageRequested: (imageId, index) => store().recordImageRequested(imageId, index),
          imageShown: (imageId, index) => store().recordImageShown(imageId, index),
          voiChanged: (voi) => useViewerStore.setState({ voi }),
          zoomChanged: (zoom) => useViewerStore.setState({ zoom }),
          imageFailed: (imageId, message) => store().recordImageError(imageId, message),
          annotationsChanged: () => store().refreshMeasurements(),
        });
        store().attachSession(created);
      },
      (error: unknown) => useViewerStore.setState({ status: 'error', error: `Viewer could not start: ${String(error)}` }),
    );
    return () => {
      cancelled = true;
      store().attachSession(null);
      created?.destroy();
    };
  }, []);

  useEffect(() => {
    if (!session || !series || series.imageIds.length === 0) return;
    void session.showSeries({
      imageIds: series.imageIds,
      modality: series.modality,
      tagVoi: (imageId) => tagVoiOf(series, imageId),
      bitsStored: (imageId) => getNumber(instanceOfImageId(series, imageId)?.metadata, ViewerTag.BitsStored),
    });
  }, [session, series]);

  // Cornerstone owns this element's children (its canvas); React must not render into it.
  return (
    <div
      ref={elementRef}
      className="viewer-viewport"
      data-testid="viewer-viewport"
      data-render-state={state}
      data-image-index={imageIndex}
      data-image-size={metadata ? `${getNumber(metadata, Tag.Columns)}x${getNumber(metadata, Tag.Rows)}` : undefined}
      data-sop-instance-uid={currentImageId ? parseWadorsImageId(currentImageId)?.sopInstanceUID : undefined}
      onContextMenu={(e) => e.preventDefault()}
    />
  );
}
