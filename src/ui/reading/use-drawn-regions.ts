import { useMemo } from 'react';
import { instanceOfImageId } from '../../domain/study/series';
import { selectedSeries, useViewerStore } from '../../services/viewer/viewer-store';
import { useViewport } from '../../services/viewer/viewport-store';
import { type DrawnRegion, drawnRectangles } from '../../domain/reading/review/drawn-regions';

/** Rectangles drawn in the viewer on one image (the one the AI result is about), latest last. */
export function useDrawnRegions(sopInstanceUid: string | undefined): DrawnRegion[] {
  // The viewer refreshes `measurements` whenever an annotation is completed, moved or removed.
  const measurements = useViewerStore((s) => s.measurements);
  const session = useViewport('current', (v) => v.session);
  const series = useViewerStore(selectedSeries);
  return useMemo(() => {
    if (!session || !series || !sopInstanceUid || measurements.length === 0) return [];
    return drawnRectangles(session.annotations(), (imageId) => instanceOfImageId(series, imageId)?.sopInstanceUid === sopInstanceUid);
  }, [measurements, session, series, sopInstanceUid]);
}
