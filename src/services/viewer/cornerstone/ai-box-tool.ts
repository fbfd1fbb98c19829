import { RectangleROITool } from '@cornerstonejs/tools';

/**
 * AI detection boxes: drawn like Rectangle ROI but a tool of their own, so the reader's rectangles
 * (measurements, regions for the review form) never include them. Enabled only (drawn, not
 * interactive) and every annotation locked: the AI's box is not edited in place; the review form does that.
 */
export class AiBoxTool extends RectangleROITool {
  static toolName = 'AiBox';
}

/** The box's text: its label and score, set on the annotation as `data.label`. */
export const aiBoxTextLines = (data: { label?: string }) => (data.label ? [data.label] : []);
