import { useEffect, useRef } from 'react';
import { pacsClient } from '../../services/pacs/default-client';
import { AiImageOverlay } from '../inference/AiImageOverlay';
import { requestStudy } from '../../services/inference/engine';
import { registerSeriesMetadata } from '../../services/viewer/cornerstone/metadata';
import { seriesDisplay, useViewportSession, viewportHostProps } from '../viewer/ViewportPane';
import { formatDicomDate } from '../../domain/viewer/overlay';
import { selectedSeries, useViewerStore } from '../../services/viewer/viewer-store';
import { selectedPrior, usePriors } from '../../services/priors/priors-store';
import { priorPaneListener, priorRenderState, usePriorPane } from '../../services/priors/prior-pane-store';
import { updateViewport, useViewport } from '../../services/viewer/viewport-store';
import { SubtractionView } from './SubtractionView';
import { useCompareSync } from './use-compare-sync';

/** The prior's own Cornerstone viewport (its own engine and tools). */
function PriorViewport() {
  const elementRef = useRef<HTMLDivElement>(null);
  const session = useViewport('prior', (v) => v.session);
  const series = usePriorPane((s) => s.series);
  const status = usePriorPane((s) => s.status);
  const error = usePriorPane((s) => s.error);
  const currentImageId = useViewport('prior', (v) => v.currentImageId);
  const shownImageId = useViewport('prior', (v) => v.shownImageId);
  const renderState = priorRenderState({ status, error }, { currentImageId, shownImageId });
  const voi = useViewport('prior', (v) => v.voi);
  const zoom = useViewport('prior', (v) => v.zoom);

  useViewportSession(
    elementRef,
    priorPaneListener,
    (created) => updateViewport('prior', { session: created }),
    (error) => usePriorPane.setState({ status: 'error', error }),
  );

  // The loader must know the prior's metadata before the viewport asks for a frame.
  useEffect(() => {
    if (!session || !series) return;
    let released = false;
    let unregister: (() => void) | null = null;
    void registerSeriesMetadata([series]).then((release) => {
      if (released) return release();
      unregister = release;
      void session.showSeries(seriesDisplay(series));
    });
    return () => {
      released = true;
      unregister?.();
    };
  }, [session, series]);

  return <div ref={elementRef} className="viewer-viewport" data-testid="prior-viewport" data-render-state={renderState} {...viewportHostProps(voi, zoom)} />;
}

/** Right half of the compare layout: the selected prior with its AI overlay, label and errors. */
export function PriorPane({ currentStudyUid }: { currentStudyUid: string }) {
  const entry = usePriors(selectedPrior);
  const subtraction = usePriors((s) => s.subtraction);
  const error = usePriorPane((s) => s.error);
  const priorUid = entry?.study.studyInstanceUid;
  useCompareSync();

  useEffect(() => {
    if (!priorUid) return;
    const shownView = selectedSeries(useViewerStore.getState())?.description;
    void usePriorPane.getState().load(pacsClient, priorUid, `${window.location.origin}${pacsClient.dicomWebRoot}`, shownView);
    requestStudy(priorUid);
  }, [priorUid]);
  useEffect(() => () => usePriorPane.getState().reset(), []);

  if (!entry || !priorUid) return null;
  return (
    <section className="viewer-stage viewer-stage-prior" data-testid="prior-pane" data-study-uid={priorUid} aria-label="Prior study">
      <PriorViewport />
      <AiImageOverlay studyInstanceUid={priorUid} testId="prior-ai-overlay" />
      <div className="prior-label" data-testid="prior-label">
        Prior {entry.study.studyDate ? formatDicomDate(entry.study.studyDate) : 'undated'} · {entry.intervalText}
      </div>
      {error && (
        <p className="viewer-error-tile prior-error" role="alert" data-testid="prior-error">
          This prior cannot be shown: {error}
        </p>
      )}
      {subtraction && (
        <div className="prior-subtraction" data-testid="prior-subtraction">
          <SubtractionView currentStudyUID={currentStudyUid} priorStudyUID={priorUid} />
        </div>
      )}
    </section>
  );
}
