import { Enums, getEnabledElement, type StackViewport } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import type { StudyAiResult } from '../../domain/ai/result/types';
import { addLungSegmentation, type LungSegmentation } from '../../services/viewer/lung-segmentation';

const shows = (viewport: StackViewport | undefined, sopInstanceUid: string) =>
  viewport?.getCurrentImageId()?.includes(`/instances/${sopInstanceUid}/`) === true;

/**
 * The result's lung labelmap as a segmentation on the Cornerstone viewport of `element`, added once
 * the viewport shows the analysed image and removed with the result, the element or the component.
 */
export function useLungSegmentation(element: HTMLElement | null, result: StudyAiResult | undefined): LungSegmentation | null {
  const [lungs, setLungs] = useState<LungSegmentation | null>(null);
  useEffect(() => {
    const mask = result?.lungMask;
    if (!element || !result || !mask) return;
    let added: LungSegmentation | null = null;
    const attach = () => {
      const viewport = getEnabledElement(element as HTMLDivElement)?.viewport as StackViewport | undefined;
      const imageId = viewport?.getCurrentImageId();
      if (added || !viewport || !imageId || !shows(viewport, result.sopInstanceUid)) return;
      added = addLungSegmentation(viewport, imageId, mask, result.sopInstanceUid);
      setLungs(added);
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, attach);
    attach();
    return () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, attach);
      added?.remove();
      setLungs(null);
    };
  }, [element, result]);
  return lungs;
}
