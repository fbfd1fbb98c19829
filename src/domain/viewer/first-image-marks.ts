/** User-timing marks on the way to the viewer's first image; tools/bench/first-image.ts reads them. */
export const FIRST_IMAGE_MARKS = {
  /** The page shell painted the rendered preview, before the app's bundle ran (src/ui/viewer/shell-preview.ts). */
  shell: 'dokuei:shell-preview-shown',
  open: 'dokuei:study-open',
  metadata: 'dokuei:study-metadata',
  /** The PACS-rendered preview is on screen (src/ui/viewer/RenderedPreview.tsx). */
  preview: 'dokuei:rendered-preview-shown',
  shown: 'dokuei:first-image-shown',
} as const;
