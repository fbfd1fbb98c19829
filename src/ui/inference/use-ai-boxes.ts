import { Enums, getEnabledElement, type StackViewport } from '@cornerstonejs/core';
import { useEffect, useState } from 'react';
import type { StudyAiResult } from '../../domain/ai/result/types';
import { addAiBoxes, type AiBox, type PlacedAiBoxes } from '../../services/viewer/ai-boxes';
import { percent } from './format';

/** The result's findings that carry a box (a detection model's): label and score on the box. */
function boxesOf(result: StudyAiResult): AiBox[] {
  return result.findings.flatMap((f, i) =>
    f.region?.kind === 'box' ? [{ id: f.trackingUid ?? String(i), text: `${f.label} ${percent(f.probability)}`, region: f.region }] : [],
  );
}

/**
 * The result's boxes as Cornerstone annotations on the analysed image of `element`'s viewport, added once
 * its stack holds that image (they show whenever it is the image on screen) and removed with the result.
 */
export function useAiBoxes(element: HTMLElement | null, result: StudyAiResult | undefined): PlacedAiBoxes | null {
  const [placed, setPlaced] = useState<PlacedAiBoxes | null>(null);
  useEffect(() => {
    const boxes = result ? boxesOf(result) : [];
    if (!element || !result || boxes.length === 0) return;
    let added: PlacedAiBoxes | null = null;
    const attach = () => {
      const viewport = getEnabledElement(element as HTMLDivElement)?.viewport as StackViewport | undefined;
      const imageId = viewport?.getImageIds().find((id) => id.includes(`/instances/${result.sopInstanceUid}/`));
      if (added || !viewport || !imageId) return;
      added = addAiBoxes(viewport, imageId, boxes);
      setPlaced(added);
    };
    element.addEventListener(Enums.Events.IMAGE_RENDERED, attach);
    attach();
    return () => {
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, attach);
      added?.remove();
      setPlaced(null);
    };
  }, [element, result]);
  return placed;
}
