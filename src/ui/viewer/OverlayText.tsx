import { calibrationLabel } from '../../domain/viewer/calibration';
import { overlayText } from '../../domain/viewer/overlay';
import { currentCalibration, selectedSeries, useViewerStore } from '../../services/viewer/viewer-store';
import { useViewports } from '../../services/viewer/viewport-store';

function Corner({ lines, position }: { lines: string[]; position: string }) {
  return (
    <div className={`viewer-overlay-corner viewer-overlay-${position}`} data-testid={`overlay-${position}`}>
      {lines.map((line, i) => (
        <div key={i}>{line}</div>
      ))}
    </div>
  );
}

/** Corner text over the image; pointer events pass through to the viewport. */
export function OverlayText() {
  const state = useViewerStore();
  const viewport = useViewports((panes) => panes.current);
  const series = selectedSeries(state);
  const calibration = currentCalibration(state, viewport.currentImageId);
  const text = overlayText({
    header: state.header,
    seriesNumber: series?.seriesNumber,
    seriesDescription: series?.description ?? '',
    modality: series?.modality ?? '',
    imageIndex: viewport.imageIndex,
    imageCount: series?.imageIds.length ?? 0,
    voi: viewport.voi,
    zoom: viewport.zoom,
    calibrationLabel: calibration ? calibrationLabel(calibration) : '',
  });
  return (
    <div className="viewer-overlay" aria-live="polite">
      <Corner lines={text.topLeft} position="top-left" />
      <Corner lines={text.topRight} position="top-right" />
      <Corner lines={text.bottomLeft} position="bottom-left" />
      <Corner lines={text.bottomRight} position="bottom-right" />
    </div>
  );
}
