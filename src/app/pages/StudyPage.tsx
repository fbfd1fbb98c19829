import { useEffect, useState } from 'react';
import { useRouter } from '../../services/router/router-store';
import { pacsClient } from '../../services/pacs/default-client';
import { neighbourStudyUID } from '../../domain/study/navigation';
import { useWorklist, visibleStudyUIDs } from '../../services/worklist/store';
import { actionForKey, isCompareAction, shortcutLabel, type ViewerAction } from '../../domain/viewer/shortcuts';
import { firstImageSettled, useViewerStore } from '../../services/viewer/viewer-store';
import { usePanels } from '../../services/viewer/panels-store';
import { ImageErrorTile } from '../../ui/viewer/ImageErrorTile';
import { MeasurementList } from '../../ui/viewer/MeasurementList';
import { OverlayText } from '../../ui/viewer/OverlayText';
import { RenderedPreview } from '../../ui/viewer/RenderedPreview';
import { removeShellPreview } from '../../ui/viewer/shell-preview';
import { Toolbar } from '../../ui/viewer/Toolbar';
import { StudyReading } from '../../ui/reading/StudyReading';
import '../../ui/viewer/viewer-layout.css';
import { AiFindingsPanel } from '../../ui/inference/AiFindingsPanel';
import { PriorsStrip } from '../../ui/priors/PriorsStrip';
import { viewportOf } from '../../services/viewer/viewport-store';
import { dispatchCompare, usePriors } from '../../services/priors/priors-store';
import type { StudyImaging } from './study-imaging';
import { openStudy } from '../open-study';

let awaitingWorklistOrder = false;

function runAction(action: ViewerAction, studyInstanceUid: string): void {
  const { navigate } = useRouter.getState();
  if (action.type === 'worklist') return navigate({ name: 'worklist' });
  if (action.type === 'study') {
    // Opened by a link: the worklist order is fetched on the first request for it, not before,
    // so its QIDO traffic never competes with the first image.
    if (!useWorklist.getState().loaded) {
      if (awaitingWorklistOrder) return; // one pending move at a time, however often the key is pressed
      awaitingWorklistOrder = true;
      useWorklist.getState().connect();
      const stop = useWorklist.subscribe((state) => {
        if (!state.loaded) return;
        stop();
        awaitingWorklistOrder = false;
        runAction(action, studyInstanceUid);
      });
      return;
    }
    const next = neighbourStudyUID(visibleStudyUIDs(), studyInstanceUid, action.delta);
    if (!next) return;
    useWorklist.getState().select(next);
    return navigate({ name: 'study', studyInstanceUid: next }, { replace: true });
  }
  if (isCompareAction(action)) return dispatchCompare(action);
  if (action.type === 'panels') return usePanels.getState().toggle();
  // The prior pane follows the mouse tool choice; its other view actions stay its own.
  if (action.type === 'tool') viewportOf('prior').session?.setPrimaryTool(action.tool);
  useViewerStore.getState().dispatch(action);
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** A folded side panel: a narrow strip that reopens the panels (so does the O key). */
function PanelRail({ side, label }: { side: 'left' | 'right'; label: string }) {
  return (
    <button
      type="button"
      className={`viewer-rail viewer-rail-${side}`}
      title={`Show the side panels (${shortcutLabel('o')})`}
      aria-label={`Show ${label} (${shortcutLabel('o')})`}
      onClick={() => usePanels.getState().setOpen(true)}
    >
      <span className="viewer-rail-label">{label}</span>
      <kbd>{shortcutLabel('o')}</kbd>
    </button>
  );
}

/**
 * The Cornerstone half of the page (./study-imaging), loaded once the preview is painted (or will not
 * come); until it has run, the page shows its chrome and the preview. A failed download is the study's error, as a failed query is.
 */
function useStudyImaging(): StudyImaging | null {
  const [imaging, setImaging] = useState<StudyImaging | null>(null);
  const previewSettled = useViewerStore((s) => s.previewSettled);
  useEffect(() => {
    if (!previewSettled || imaging) return;
    let live = true;
    import('./study-imaging').then(
      (module) => live && setImaging(module),
      (error: unknown) => live && useViewerStore.setState({ status: 'error', error: `Viewer could not start: ${String(error)}` }),
    );
    return () => {
      live = false;
    };
  }, [previewSettled, imaging]);
  return imaging;
}

export function StudyPage({ studyInstanceUid }: { studyInstanceUid: string }) {
  const status = useViewerStore((s) => s.status);
  const loadedUID = useViewerStore((s) => s.studyInstanceUid);
  const error = useViewerStore((s) => s.error);
  const series = useViewerStore((s) => s.series);
  const hasImages = series.some((s) => s.imageIds.length > 0);
  const [metadataReady, setMetadataReady] = useState(false);
  const compareOpen = usePriors((s) => s.compareOpen);
  const panelsOpen = usePanels((s) => s.open);
  const imaging = useStudyImaging();

  useEffect(() => {
    openStudy(studyInstanceUid);
    return () => useViewerStore.getState().reset();
  }, [studyInstanceUid]);

  // After the first image: the priors' QIDO must not compete with its requests.
  const firstImageDone = useViewerStore((s) => firstImageSettled(s, studyInstanceUid));
  useEffect(() => {
    if (firstImageDone) void usePriors.getState().load(pacsClient, studyInstanceUid);
  }, [studyInstanceUid, firstImageDone]);
  useEffect(() => () => usePriors.getState().reset(), [studyInstanceUid]);
  // The page shell's preview gives way when the viewer has its own picture (RenderedPreview), or none to give.
  useEffect(() => {
    if (firstImageDone) removeShellPreview();
  }, [firstImageDone]);
  useEffect(() => removeShellPreview, []);

  // The loader must know the metadata before the viewport or a thumbnail asks for a frame.
  useEffect(() => {
    if (series.length === 0 || !imaging) return;
    let released = false;
    let unregister: (() => void) | null = null;
    void imaging.registerSeriesMetadata(series).then((release) => {
      if (released) return release();
      unregister = release;
      setMetadataReady(true);
    });
    return () => {
      released = true;
      setMetadataReady(false);
      imaging.releaseThumbnails();
      unregister?.();
    };
  }, [series, imaging]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const action = actionForKey(event);
      if (!action) return;
      event.preventDefault();
      runAction(action, studyInstanceUid);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [studyInstanceUid]);

  const onAction = (action: ViewerAction) => runAction(action, studyInstanceUid);

  return (
    <div className="viewer" data-testid="viewer" data-status={status} data-study-uid={loadedUID ?? undefined}>
      <Toolbar onAction={onAction} />
      <PriorsStrip studyInstanceUid={studyInstanceUid} />
      <div className={panelsOpen ? 'viewer-body' : 'viewer-body viewer-body-rail'} data-panels={panelsOpen ? 'open' : 'rail'}>
        {panelsOpen ? imaging && metadataReady && <imaging.SeriesPanel /> : <PanelRail side="left" label="Series" />}
        <section className="viewer-stage">
          {status === 'loading' && <p className="empty">Loading study…</p>}
          {status === 'error' && (
            <p className="empty" role="alert">
              Cannot open this study: {error}
            </p>
          )}
          {status === 'ready' && !hasImages && <p className="empty">This study has no displayable images.</p>}
          <RenderedPreview />
          {imaging && metadataReady && hasImages && (
            <>
              <imaging.ViewportPane />
              <imaging.AiImageOverlay studyInstanceUid={studyInstanceUid} />
              <OverlayText />
              <ImageErrorTile />
            </>
          )}
        </section>
        {compareOpen && imaging && metadataReady && hasImages && <imaging.PriorPane currentStudyUid={studyInstanceUid} />}
        {panelsOpen ? (
          // One reading column beside the image: findings, report, measurements (side by side on wide screens).
          <div className="viewer-side" data-testid="viewer-side">
            <AiFindingsPanel studyInstanceUid={studyInstanceUid} />
            <StudyReading studyInstanceUid={studyInstanceUid} />
            <MeasurementList />
          </div>
        ) : (
          <PanelRail side="right" label="Findings · Report" />
        )}
      </div>
    </div>
  );
}
