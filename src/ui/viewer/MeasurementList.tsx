import { calibrationLabel } from '../../domain/viewer/calibration';
import { useShallow } from 'zustand/react/shallow';
import { currentCalibration, useViewerStore } from '../../services/viewer/viewer-store';
import { useViewport } from '../../services/viewer/viewport-store';

/** Measurements of the shown series, computed by measurements.ts with the instance's calibration. */
export function MeasurementList() {
  const measurements = useViewerStore((s) => s.measurements);
  const calibration = currentCalibration(
    useViewerStore(useShallow((s) => ({ series: s.series, selectedSeriesUID: s.selectedSeriesUID }))),
    useViewport('current', (v) => v.currentImageId),
  );
  return (
    <aside className="viewer-measurements" aria-label="Measurements">
      <h3 className="viewer-panel-heading">Measurements</h3>
      {calibration && (
        <p className="viewer-calibration" data-testid="viewer-calibration" data-source={calibration.source}>
          Units: {calibrationLabel(calibration)}
        </p>
      )}
      {measurements.length === 0 ? (
        <p className="viewer-muted">None. Length (L), angle (A) or rectangle (R), then drag on the image.</p>
      ) : (
        <ul data-testid="viewer-measurement-list">
          {measurements.map((m) => (
            <li key={m.id}>{m.text}</li>
          ))}
        </ul>
      )}
    </aside>
  );
}
