/**
 * The study page's Cornerstone half, a chunk of its own: the light StudyPage paints the PACS-rendered
 * preview and the page chrome while this downloads and runs (issue #17: the preview used to wait for it).
 */
export { registerSeriesMetadata } from '../../services/viewer/cornerstone/metadata';
export { releaseThumbnails } from '../../services/viewer/cornerstone/thumbnail';
export { AiImageOverlay } from '../../ui/inference/AiImageOverlay';
export { PriorPane } from '../../ui/priors/PriorPane';
export { SeriesPanel } from '../../ui/viewer/SeriesPanel';
export { ViewportPane } from '../../ui/viewer/ViewportPane';

export type StudyImaging = typeof import('./study-imaging');
