/** Cornerstone imageIds for WADO-RS frames. Pure string building, one definition for viewer and tests. */

export const WADORS_SCHEME = 'wadors:';

/** The same-origin DICOMweb root on the Dokuei server (its gateway to the PACS). */
export const DICOM_WEB_ROOT = '/dicom-web';

export interface FrameRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based, as in WADO-RS. */
  frame: number;
}

/** dicomWebRoot is absolute (origin + '/dicom-web'): the loader fetches imageId minus its scheme. */
export function wadorsImageId(dicomWebRoot: string, ref: FrameRef): string {
  const enc = encodeURIComponent;
  const root = dicomWebRoot.replace(/\/+$/, '');
  return (
    `${WADORS_SCHEME}${root}/studies/${enc(ref.studyInstanceUid)}/series/${enc(ref.seriesInstanceUid)}` +
    `/instances/${enc(ref.sopInstanceUid)}/frames/${ref.frame}`
  );
}

export function frameImageIds(dicomWebRoot: string, instance: Omit<FrameRef, 'frame'>, frameCount: number): string[] {
  return Array.from({ length: Math.max(1, frameCount) }, (_, i) => wadorsImageId(dicomWebRoot, { ...instance, frame: i + 1 }));
}

/** Inverse of wadorsImageId for the parts the UI needs (error tiles name the instance). */
export function parseWadorsImageId(imageId: string): FrameRef | null {
  const match = /\/studies\/([^/]+)\/series\/([^/]+)\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId);
  if (!imageId.startsWith(WADORS_SCHEME) || !match) return null;
  const dec = decodeURIComponent;
  return {
    studyInstanceUid: dec(match[1]),
    seriesInstanceUid: dec(match[2]),
    sopInstanceUid: dec(match[3]),
    frame: Number(match[4]),
  };
}
