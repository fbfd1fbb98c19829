/**
 * AI detection boxes as Cornerstone3D annotations of the AiBox tool on the analysed image: locked,
 * labelled "label score", dashed amber so they read apart from the reader's own rectangles.
 */
import { type StackViewport, type Types, utilities as csUtils } from '@cornerstonejs/core';
import { annotation } from '@cornerstonejs/tools';
import type { ImageRegion } from '../../domain/dicom/sr';
import { AiBoxTool } from './cornerstone/ai-box-tool';

export interface AiBox {
  id: string;
  text: string;
  /** DICOM image coordinates (0, 0 = top left corner of the top left pixel). */
  region: Extract<ImageRegion, { kind: 'box' }>;
}

const STYLE = { color: 'rgb(255, 176, 0)', lineDash: '6,3', lineWidth: '2' };

export interface PlacedAiBoxes {
  /** The boxes as Cornerstone holds them, back in DICOM image coordinates: for tests and debugging. */
  describe(): { text: string; x: number; y: number; width: number; height: number; locked: boolean }[];
  remove(): void;
}

/** Adds the boxes to `imageId` (the analysed image, in `viewport`'s stack). */
export function addAiBoxes(viewport: StackViewport, imageId: string, boxes: readonly AiBox[]): PlacedAiBoxes {
  // Cornerstone's image coordinates are DICOM's (PS3.3 C.18.6.1.1): 0,0 is the top-left pixel's outer corner.
  const world = (x: number, y: number) => csUtils.imageToWorldCoords(imageId, [x, y]) as Types.Point3;
  const uids = boxes.map((box) => {
    const { x, y, width, height } = box.region;
    const annotationUID = `dokuei-ai-box-${viewport.id}-${box.id}`;
    annotation.state.addAnnotation(
      {
        annotationUID,
        highlighted: false,
        invalidated: true,
        isLocked: true,
        isVisible: true,
        metadata: { toolName: AiBoxTool.toolName, referencedImageId: imageId, FrameOfReferenceUID: viewport.getFrameOfReferenceUID() },
        data: {
          label: box.text,
          handles: { points: [world(x, y), world(x + width, y), world(x, y + height), world(x + width, y + height)], activeHandleIndex: null },
          cachedStats: {},
        },
      },
      viewport.element,
    );
    annotation.locking.setAnnotationLocked(annotationUID, true);
    annotation.config.style.setAnnotationStyles(annotationUID, STYLE);
    return annotationUID;
  });
  viewport.render();
  return {
    describe: () =>
      uids.flatMap((uid) => {
        const a = annotation.state.getAnnotation(uid);
        if (!a) return [];
        const corners = (a.data.handles?.points ?? []).map((p) => csUtils.worldToImageCoords(imageId, p) as [number, number]);
        const xs = corners.map((c) => c[0]);
        const ys = corners.map((c) => c[1]);
        const round = (v: number) => Math.round(v * 100) / 100;
        const [x, y] = [Math.min(...xs), Math.min(...ys)];
        return [
          {
            text: String(a.data.label),
            x: round(x),
            y: round(y),
            width: round(Math.max(...xs) - x),
            height: round(Math.max(...ys) - y),
            locked: annotation.locking.isAnnotationLocked(uid),
          },
        ];
      }),
    remove: () => {
      for (const uid of uids) annotation.state.removeAnnotation(uid);
      if (!viewport.isDisabled) viewport.render();
    },
  };
}
