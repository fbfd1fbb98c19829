/**
 * The AI lung labelmap as a Cornerstone3D segmentation on the viewer's stack viewport: a derived
 * labelmap image of the analysed image, right and left lung as segments 1 and 2. Cornerstone draws
 * it in image space, so it follows zoom, pan, rotation and flips like the image itself.
 */
import { cache, imageLoader, type StackViewport, type Types } from '@cornerstonejs/core';
import { Enums as ToolEnums, segmentation } from '@cornerstonejs/tools';
import { resampleMaskNearest, type SourceMask } from '../../domain/ai/postprocess/segmentation';
import { LUNG_SEGMENT } from '../../domain/ai/result/lung-areas';

const LABELMAP = ToolEnums.SegmentationRepresentations.Labelmap;

export interface LungSegmentation {
  segmentationId: string;
  setDisplay(visible: boolean, opacity: number): void;
  /** What Cornerstone holds, read back from its state: for tests and debugging. */
  describe(): { segments: number[]; pixels: Record<number, number>; visible: boolean };
  remove(): void;
}

const labelPixels = (image: Types.IImage) => {
  const data = image.voxelManager?.getScalarData();
  if (!(data instanceof Uint8Array)) throw new Error(`labelmap ${image.imageId} has no 8-bit pixel buffer`);
  return data;
};

/** Adds the labelmap of `imageId` (the image the AI analysed, shown in `viewport`). */
export function addLungSegmentation(viewport: StackViewport, imageId: string, labels: SourceMask, key: string): LungSegmentation {
  const segmentationId = `dokuei-lungs-${viewport.id}-${key}`;
  const labelImage = imageLoader.createAndCacheDerivedLabelmapImage(imageId, { imageId: `derived:${segmentationId}` });
  labelPixels(labelImage).set(resampleMaskNearest(labels, labelImage.columns, labelImage.rows).data);

  segmentation.addSegmentations([
    {
      segmentationId,
      representation: { type: LABELMAP, data: { imageIds: [labelImage.imageId] } },
      config: {
        label: 'AI lung mask',
        segments: {
          [LUNG_SEGMENT.right]: { label: 'Right lung' },
          [LUNG_SEGMENT.left]: { label: 'Left lung' },
        },
      },
    },
  ]);
  segmentation.addLabelmapRepresentationToViewport(viewport.id, [{ segmentationId }]);
  const specifier = { segmentationId, type: LABELMAP };

  return {
    segmentationId,
    setDisplay(visible, opacity) {
      segmentation.config.visibility.setSegmentationRepresentationVisibility(viewport.id, specifier, visible);
      segmentation.config.style.setStyle({ ...specifier, viewportId: viewport.id }, { fillAlpha: opacity, fillAlphaInactive: opacity, renderOutline: true });
      viewport.render();
    },
    describe() {
      const state = segmentation.state.getSegmentation(segmentationId);
      const counts: Record<number, number> = {};
      const image = cache.getImage(labelImage.imageId);
      for (const value of image ? labelPixels(image) : []) if (value) counts[value] = (counts[value] ?? 0) + 1;
      return {
        segments: Object.keys(state?.segments ?? {}).map(Number),
        pixels: counts,
        visible: segmentation.config.visibility.getSegmentationRepresentationVisibility(viewport.id, specifier) === true,
      };
    },
    remove() {
      // Also takes the representation off every viewport. The derived image's few metadata entries
      // stay in Cornerstone's generic provider, which has no per-image removal.
      segmentation.removeSegmentation(segmentationId);
      cache.removeImageLoadObject(labelImage.imageId, { force: true });
    },
  };
}
