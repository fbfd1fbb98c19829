/** User-timing marks on the way to the viewer's first image; tools/bench/first-image.ts reads them. */
export const FIRST_IMAGE_MARKS = {
  open: 'dokuei:study-open',
  metadata: 'dokuei:study-metadata',
  shown: 'dokuei:first-image-shown',
} as const;
