/**
 * One Cornerstone3D stack viewport bound to a DOM element: rendering engine, tool group, event
 * bridge and teardown. Everything Cornerstone-stateful lives here so leaving the viewer frees it.
 */
import { cache, Enums, eventTarget, getRenderingEngine, RenderingEngine, type StackViewport, type Types, utilities as csUtils } from '@cornerstonejs/core';
import { annotation, Enums as ToolEnums, SynchronizerManager, ToolGroupManager, utilities as toolUtils } from '@cornerstonejs/tools';
import { AiBoxTool, aiBoxTextLines } from './ai-box-tool';
import { describeLoadError } from '../../../domain/viewer/load-errors';
import type { ToolName } from '../../../domain/viewer/shortcuts';
import { needsHistogramVoi, rangeToVoi, type Voi, voiFromHistogram, voiToRange } from '../../../domain/viewer/voi';

export interface SessionListener {
  /** The image the reader asked for (it may still be loading, or fail). */
  imageRequested(imageId: string, imageIndex: number): void;
  imageShown(imageId: string, imageIndex: number): void;
  voiChanged(voi: Voi): void;
  zoomChanged(zoom: number): void;
  imageFailed(imageId: string, message: string): void;
  annotationsChanged(): void;
}

export interface SeriesDisplay {
  imageIds: string[];
  modality: string;
  /** VOI from the DICOM tags of the shown image, when present. */
  tagVoi(imageId: string): Voi | null;
  bitsStored(imageId: string): number | undefined;
}

const PRIMARY = [{ mouseButton: ToolEnums.MouseBindings.Primary }];
const CINE_FPS = 15;
let sessionCount = 0;

export class ViewportSession {
  private readonly engine: RenderingEngine;
  /** Unique across sessions: Cornerstone's synchronizers tell viewports apart by viewportId alone. */
  private readonly viewportId: string;
  private readonly toolGroupId: string;
  private display: SeriesDisplay | null = null;
  private userVoi = false;
  private cinePlaying = false;
  private destroyed = false;
  private readonly unsubscribe: (() => void)[] = [];

  /** Call after ensureCornerstone() has resolved. */
  constructor(
    private readonly element: HTMLDivElement,
    private readonly listener: SessionListener,
  ) {
    const id = `dokuei-viewer-${++sessionCount}`;
    this.toolGroupId = `${id}-tools`;
    this.viewportId = `${id}-stack`;
    this.engine = new RenderingEngine(id);
    this.engine.enableElement({ viewportId: this.viewportId, type: Enums.ViewportType.STACK, element });
    this.setupTools();
    this.bridgeEvents();
    this.followElementSize();
  }

  /** What Cornerstone's synchronizers take to address this viewport. */
  get viewportRef(): Types.IViewportId {
    return { renderingEngineId: this.engine.id, viewportId: this.viewportId };
  }

  private get viewport(): StackViewport {
    return this.engine.getViewport(this.viewportId) as StackViewport;
  }

  private setupTools(): void {
    const group = ToolGroupManager.createToolGroup(this.toolGroupId);
    if (!group) throw new Error(`tool group ${this.toolGroupId} already exists`);
    for (const name of ['WindowLevel', 'Pan', 'Zoom', 'StackScroll', 'Length', 'Angle', 'RectangleROI']) group.addTool(name);
    group.addViewport(this.viewportId, this.engine.id);
    group.setToolActive('WindowLevel', { bindings: PRIMARY });
    group.setToolActive('Pan', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    group.setToolActive('Zoom', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    group.setToolActive('StackScroll', { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
    for (const name of ['Length', 'Angle', 'RectangleROI']) group.setToolPassive(name);
    group.addTool(AiBoxTool.toolName, { getTextLines: aiBoxTextLines });
    group.setToolEnabled(AiBoxTool.toolName);
  }

  private on(target: EventTarget, type: string, handler: (detail: never) => void): void {
    const listener = (event: Event) => handler((event as CustomEvent).detail as never);
    target.addEventListener(type, listener);
    this.unsubscribe.push(() => target.removeEventListener(type, listener));
  }

  private bridgeEvents(): void {
    const E = Enums.Events;
    this.on(this.element, E.STACK_NEW_IMAGE, (d: { image: Types.IImage; imageId: string; imageIdIndex: number }) => {
      this.applyInitialVoi(d.image, d.imageId);
      this.listener.imageShown(d.imageId, d.imageIdIndex);
    });
    this.on(this.element, E.STACK_VIEWPORT_SCROLL, (d: { imageId: string; newImageIdIndex: number }) =>
      this.listener.imageRequested(d.imageId, d.newImageIdIndex),
    );
    this.on(this.element, E.VOI_MODIFIED, (d: { range?: Types.VOIRange }) => {
      if (d.range) this.listener.voiChanged(rangeToVoi(d.range));
    });
    this.on(this.element, E.CAMERA_MODIFIED, () => this.listener.zoomChanged(this.viewport.getZoom()));
    this.on(eventTarget, E.IMAGE_LOAD_FAILED, (d: { imageId: string; error: unknown }) => this.reportFailure(d.imageId, d.error));
    for (const type of [ToolEnums.Events.ANNOTATION_COMPLETED, ToolEnums.Events.ANNOTATION_MODIFIED, ToolEnums.Events.ANNOTATION_REMOVED]) {
      this.on(eventTarget, type, () => this.listener.annotationsChanged());
    }
  }

  /**
   * Cornerstone does not watch its element: when the layout changes (compare opens, the window resizes)
   * the canvas follows here. An untouched view is fitted again; a zoomed or panned one keeps its camera.
   */
  private followElementSize(): void {
    const observer = new ResizeObserver(() => {
      if (this.destroyed) return;
      const [panX, panY] = this.viewport.getPan();
      const untouched = Math.abs(this.viewport.getZoom() - 1) < 1e-3 && Math.hypot(panX, panY) < 1;
      this.engine.resize(true, !untouched);
      this.listener.zoomChanged(this.viewport.getZoom());
    });
    observer.observe(this.element);
    this.unsubscribe.push(() => observer.disconnect());
  }

  private reportFailure(imageId: string, error: unknown): void {
    if (this.destroyed || !this.display?.imageIds.includes(imageId)) return;
    this.listener.imageFailed(imageId, describeLoadError(error));
  }

  /** Tags first; CR/DX without tags get the percentile window (min/max looks binary on 15-bit CR). */
  private applyInitialVoi(image: Types.IImage, imageId: string): void {
    if (this.userVoi || !this.display) return;
    const tagVoi = this.display.tagVoi(imageId);
    const voi =
      needsHistogramVoi(this.display.modality, tagVoi, this.display.bitsStored(imageId)) && image.color !== true
        ? voiFromHistogram(image.getPixelData(), image.preScale?.scaled ? undefined : { slope: image.slope, intercept: image.intercept })
        : tagVoi;
    if (voi) this.viewport.setProperties({ voiRange: voiToRange(voi) }, true);
    this.listener.voiChanged(rangeToVoi(this.viewport.getProperties().voiRange ?? { lower: 0, upper: 0 }));
  }

  async showSeries(display: SeriesDisplay, startIndex = 0): Promise<void> {
    this.stopCine();
    this.display = display;
    this.userVoi = false;
    this.listener.imageRequested(display.imageIds[startIndex], startIndex);
    try {
      await this.viewport.setStack(display.imageIds, startIndex);
      if (this.destroyed) return;
      this.viewport.resetCamera();
      this.viewport.render();
    } catch (error) {
      this.reportFailure(display.imageIds[startIndex], error);
    }
  }

  async goTo(index: number): Promise<void> {
    const ids = this.display?.imageIds ?? [];
    if (index < 0 || index >= ids.length) return;
    this.listener.imageRequested(ids[index], index);
    try {
      await this.viewport.setImageIdIndex(index);
    } catch (error) {
      this.reportFailure(ids[index], error);
    }
  }

  scroll(delta: number): void {
    void this.goTo(this.viewport.getCurrentImageIdIndex() + delta);
  }

  setVoi(voi: Voi): void {
    this.userVoi = true;
    this.viewport.setProperties({ voiRange: voiToRange(voi) });
    this.viewport.render();
  }

  toggleInvert(): void {
    this.viewport.setProperties({ invert: !this.viewport.getProperties().invert });
    this.viewport.render();
  }

  rotate(degrees: number): void {
    const { rotation = 0 } = this.viewport.getViewPresentation();
    this.viewport.setViewPresentation({ rotation: (rotation + degrees + 360) % 360 });
    this.viewport.render();
  }

  flip(axis: 'horizontal' | 'vertical'): void {
    const { flipHorizontal = false, flipVertical = false } = this.viewport.getCamera();
    this.viewport.setCamera(axis === 'horizontal' ? { flipHorizontal: !flipHorizontal } : { flipVertical: !flipVertical });
    this.viewport.render();
  }

  reset(): void {
    this.userVoi = false;
    this.viewport.resetProperties();
    this.viewport.resetCamera();
    const image = this.viewport.getCornerstoneImage();
    if (image) this.applyInitialVoi(image, image.imageId);
    this.viewport.render();
  }

  setPrimaryTool(tool: ToolName): void {
    const group = ToolGroupManager.getToolGroup(this.toolGroupId);
    if (!group) return;
    const current = group.getActivePrimaryMouseButtonTool();
    if (current === tool) return;
    // WindowLevel/Pan/Zoom/StackScroll keep their other bindings; passive keeps annotations editable.
    if (current) group.setToolPassive(current, { removeAllBindings: PRIMARY });
    group.setToolActive(tool, { bindings: PRIMARY });
  }

  /** Returns whether cine is now playing; single images never play. */
  toggleCine(): boolean {
    if (this.cinePlaying) this.stopCine();
    else if ((this.display?.imageIds.length ?? 0) > 1) {
      toolUtils.cine.playClip(this.element, { framesPerSecond: CINE_FPS, loop: true });
      this.cinePlaying = true;
    }
    return this.cinePlaying;
  }

  private stopCine(): void {
    if (!this.cinePlaying) return;
    toolUtils.cine.stopClip(this.element);
    this.cinePlaying = false;
  }

  /** Annotations drawn on this series, with handle points in image pixel coordinates. */
  annotations(): { id: string; toolName: string; imageId: string; points: [number, number][] }[] {
    const ids = new Set(this.display?.imageIds ?? []);
    return annotation.state
      .getAllAnnotations()
      .filter((a) => ids.has(a.metadata?.referencedImageId ?? ''))
      .map((a) => {
        const imageId = a.metadata?.referencedImageId as string;
        return {
          id: a.annotationUID ?? '',
          toolName: a.metadata?.toolName ?? '',
          imageId,
          points: (a.data.handles?.points ?? []).map((p) => csUtils.worldToImageCoords(imageId, p) as [number, number]),
        };
      });
  }

  destroy(): void {
    this.destroyed = true;
    this.stopCine();
    for (const off of this.unsubscribe.splice(0)) off();
    const ids = new Set(this.display?.imageIds ?? []);
    for (const a of annotation.state.getAllAnnotations()) {
      if (ids.has(a.metadata?.referencedImageId ?? '') && a.annotationUID) annotation.state.removeAnnotation(a.annotationUID);
    }
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    // Leave synchronizers while the element still exists: they cannot unhook it once the engine is gone.
    const { renderingEngineId, viewportId } = this.viewportRef;
    for (const sync of SynchronizerManager.getAllSynchronizers()) {
      if (sync.hasSourceViewport(renderingEngineId, viewportId) || sync.hasTargetViewport(renderingEngineId, viewportId)) sync.remove(this.viewportRef);
    }
    if (getRenderingEngine(this.engine.id)) this.engine.destroy();
    // Decoded pixels of a left study are not worth keeping: the next study starts from a clean budget.
    for (const imageId of ids) if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId);
    this.display = null;
  }
}
