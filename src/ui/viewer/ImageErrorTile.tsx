import { instanceOfImageId } from '../../domain/study/series';
import { instanceKeyOfImageId } from '../../domain/dicom/transfer-syntax';
import { selectedSeries, useViewerStore } from '../../services/viewer/viewer-store';
import { useViewport } from '../../services/viewer/viewport-store';

/** Covers the viewport when the requested image failed, so a stale image is never mistaken for it. */
export function ImageErrorTile() {
  const imageId = useViewport('current', (v) => v.currentImageId);
  const error = useViewerStore((s) => (imageId ? s.instanceErrors[instanceKeyOfImageId(imageId)] : undefined));
  const series = useViewerStore(selectedSeries);
  if (!imageId || !error) return null;
  const instance = series ? instanceOfImageId(series, imageId) : undefined;
  return (
    <div className="viewer-error-tile viewer-stage-error" role="alert" data-testid="viewer-error-tile">
      <strong>This image cannot be displayed.</strong>
      <span>Instance {instance?.sopInstanceUid ?? imageId}</span>
      <span>{error}</span>
      <span className="viewer-muted">Other images and series of the study remain available.</span>
    </div>
  );
}
