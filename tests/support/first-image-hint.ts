import type { FirstImageHint } from '../../src/domain/viewer/first-image-hint';

/** A server's first-image hint for a 1955×1841 CR that gets the percentile window (as the demo chest CR). */
export const CR_HINT: FirstImageHint = {
  studyUid: '1.2.3',
  frameUrl: '/dicom-web/studies/1.2.3/series/1.2.3.1/instances/1.2.3.1.3/frames/1',
  columns: 1955,
  rows: 1841,
  query: 'quality=90',
  stretch: true,
  maxSide: 2048,
};
