import { useViewerStore } from '../../services/viewer/viewer-store';
import { SeriesThumbnail } from './SeriesThumbnail';

/** Image series as thumbnails; non-image objects (SR, KO, PDF, no pixels) listed, never rendered. */
export function SeriesPanel() {
  const series = useViewerStore((s) => s.series);
  const selectedUID = useViewerStore((s) => s.selectedSeriesUID);
  const selectSeries = useViewerStore((s) => s.selectSeries);
  const imageSeries = series.filter((s) => s.images.length > 0);
  const nonImages = series.flatMap((s) => s.nonImages.map((i) => ({ series: s, instance: i })));
  return (
    <aside className="viewer-series-panel" aria-label="Series">
      <ul className="viewer-thumbs">
        {imageSeries.map((s) => (
          <SeriesThumbnail
            key={s.seriesInstanceUid}
            series={s}
            selected={s.seriesInstanceUid === selectedUID}
            onSelect={() => selectSeries(s.seriesInstanceUid)}
          />
        ))}
      </ul>
      {nonImages.length > 0 && (
        <>
          <h3 className="viewer-panel-heading">Other objects</h3>
          <ul className="viewer-non-images" data-testid="viewer-non-images">
            {nonImages.map(({ series: s, instance }) => (
              <li key={instance.sopInstanceUid} title={instance.sopInstanceUid}>
                {instance.nonImageKind} · {s.modality || '—'} {s.description}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
