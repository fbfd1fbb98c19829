import { useEffect, useRef, useState } from 'react';
import { renderThumbnail } from '../../services/viewer/cornerstone/thumbnail';
import { describeLoadError } from '../../domain/viewer/load-errors';
import { middleImageId, type Series } from '../../domain/study/series';
import { instanceKeyOfImageId } from '../../domain/dicom/transfer-syntax';
import { firstImageSettled, useViewerStore } from '../../services/viewer/viewer-store';

const THUMB_SIZE = 96;

export function SeriesThumbnail({ series, selected, onSelect }: { series: Series; selected: boolean; onSelect: () => void }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const imageId = middleImageId(series);
  const error = useViewerStore((s) => (imageId ? s.instanceErrors[instanceKeyOfImageId(imageId)] : undefined));
  const [rendered, setRendered] = useState(false);
  // A thumbnail costs a fetch, a decode and a render of its own: it waits for the viewport's first image.
  const mayRender = useViewerStore((s) => firstImageSettled(s));

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !imageId || !mayRender) return;
    renderThumbnail(canvas, imageId).then(
      () => setRendered(true),
      (e: unknown) => useViewerStore.getState().recordImageError(imageId, describeLoadError(e)),
    );
  }, [imageId, mayRender]);

  const label = [series.seriesNumber !== undefined ? `#${series.seriesNumber}` : '', series.modality, series.description].filter(Boolean).join(' ');
  return (
    <li>
      <button
        type="button"
        className={selected ? 'viewer-thumb viewer-thumb-selected' : 'viewer-thumb'}
        onClick={onSelect}
        aria-pressed={selected}
        data-testid="viewer-series"
        data-series-uid={series.seriesInstanceUid}
        data-thumb-state={error ? 'error' : rendered ? 'rendered' : 'loading'}
      >
        {error ? (
          <div className="viewer-error-tile viewer-thumb-image" role="alert" data-testid="viewer-error-tile">
            Cannot display: {error}
          </div>
        ) : (
          <canvas ref={canvasRef} width={THUMB_SIZE} height={THUMB_SIZE} className="viewer-thumb-image" />
        )}
        <span className="viewer-thumb-label">{label || 'Series'}</span>
        <span className="viewer-thumb-count">
          {series.imageIds.length} image{series.imageIds.length === 1 ? '' : 's'}
        </span>
      </button>
    </li>
  );
}
