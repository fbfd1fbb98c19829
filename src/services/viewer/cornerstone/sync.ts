/**
 * Compare-layout synchronization of two stack viewports with Cornerstone's synchronizers, one per kind.
 * The viewports live in separate rendering engines (one WebGL context each), and the stock zoom/pan and
 * image-slice callbacks look the source up in the target's engine, so those two kinds use own callbacks;
 * window/level uses the stock VOI synchronizer.
 *
 * Zoom: the same magnification relative to each image's fit-to-pane size (getZoom), not the same mm per
 * screen pixel: most CR priors carry no pixel spacing, and a fitted chest film shows the whole chest in both.
 * Pan: the same displacement on screen (getPan is in canvas pixels). Scroll: see relativeIndex.
 */
import { Enums, getRenderingEngine, type StackViewport, type Types } from '@cornerstonejs/core';
import { SynchronizerManager, synchronizers, type Synchronizer } from '@cornerstonejs/tools';
import { relativeIndex, type SyncKind } from '../../../domain/viewer/sync-rules';

let syncCount = 0;

function stackOf(ref: Types.IViewportId): StackViewport | undefined {
  return getRenderingEngine(ref.renderingEngineId)?.getViewport(ref.viewportId) as StackViewport | undefined;
}

function syncZoomPan(_sync: Synchronizer, source: Types.IViewportId, target: Types.IViewportId): void {
  const from = stackOf(source);
  const to = stackOf(target);
  if (!from || !to) return;
  to.setZoom(from.getZoom());
  to.setPan(from.getPan());
  to.render();
}

/** Builds the scroll callback; it remembers the index it set so the target's own new-image event is no echo. */
function scrollSync(): (sync: Synchronizer, source: Types.IViewportId, target: Types.IViewportId) => Promise<void> | void {
  const setByUs = new Map<string, number>();
  return (_sync, source, target) => {
    const from = stackOf(source);
    const to = stackOf(target);
    if (!from || !to) return;
    const sourceIndex = from.getCurrentImageIdIndex();
    if (setByUs.get(source.viewportId) === sourceIndex) return void setByUs.delete(source.viewportId);
    const index = relativeIndex(sourceIndex, from.getImageIds().length, to.getImageIds().length);
    if (index === to.getCurrentImageIdIndex()) return;
    setByUs.set(target.viewportId, index);
    return to.setImageIdIndex(index).then(() => undefined);
  };
}

const CREATE: Record<SyncKind, (id: string) => Synchronizer> = {
  zoomPan: (id) => SynchronizerManager.createSynchronizer(id, Enums.Events.CAMERA_MODIFIED, syncZoomPan),
  voi: (id) => synchronizers.createVOISynchronizer(id, { syncInvertState: false, syncColormap: false }),
  scroll: (id) => SynchronizerManager.createSynchronizer(id, Enums.Events.STACK_NEW_IMAGE, scrollSync()),
};

/** Synchronizes `a` and `b` both ways for each of `kinds`; returns the teardown. */
export function syncViewports(a: Types.IViewportId, b: Types.IViewportId, kinds: readonly SyncKind[]): () => void {
  const id = `dokuei-compare-${++syncCount}`;
  const created = kinds.map((kind) => {
    const sync = CREATE[kind](`${id}-${kind}`);
    sync.add(a);
    sync.add(b);
    return sync;
  });
  return () => {
    for (const sync of created) SynchronizerManager.destroySynchronizer(sync.id);
  };
}
