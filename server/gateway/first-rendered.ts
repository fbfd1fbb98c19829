/**
 * The study's first paint in one request (`/dicom-web/studies/{uid}/first-rendered?viewport=W,H`): the
 * server asks the PACS for the study's series list and metadata, picks the frame the viewer opens on by
 * the viewer's own rule (src/domain/viewer/rendered-preview.ts), and the gateway forwards that frame's
 * rendered preview. The browser saves a round trip and the wait for its shell script before asking.
 */
import { FIRST_RENDERED, studyFirstPreview } from '../../src/domain/viewer/rendered-preview';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { matchAllowedRoute, type RouteMatch } from './allow-list';
import { normaliseTarget } from './normalise-path';
import { pacsDicomJson } from './study-lookup';

const DICOM_WEB_ROOT = '/dicom-web';

export interface FirstRendered {
  /** The allow-listed rendered-frame route the answer is (its browser path is also sent as FIRST_RENDERED.renderedHeader). */
  match: RouteMatch;
  browserPath: string;
  stretch: boolean;
}

/**
 * The rendered frame to answer for `studyUID` at `viewport` device pixels, or null when the viewer
 * would paint none first (no image, palette colour, non-square pixels). Throws when the PACS fails.
 */
export async function resolveFirstRendered(pacs: PacsConfig, studyUID: string, viewport: { width: number; height: number }): Promise<FirstRendered | null> {
  const study = `${DICOM_WEB_ROOT}/studies/${studyUID}`;
  const [series, metadata] = await Promise.all([pacsDicomJson(pacs, `${study}/series`), pacsDicomJson(pacs, `${study}/metadata`)]);
  const preview = studyFirstPreview(DICOM_WEB_ROOT, studyUID, series, metadata, viewport);
  if (!preview) return null;
  // Built from the PACS's own answers, yet held to the same rules as a browser's request for it.
  const target = normaliseTarget(preview.url);
  const match = target.ok ? matchAllowedRoute('GET', target.target) : null;
  if (!match?.ok || match.route.name !== 'WADO rendered frame' || match.studyUID !== studyUID) return null;
  return { match, browserPath: preview.url, stretch: preview.stretch };
}

/** Headers of the answer: which rendered frame it is (same-origin path) and whether it gets the percentile stretch. */
export function firstRenderedHeaders(resolved: FirstRendered): Record<string, string> {
  return { [FIRST_RENDERED.renderedHeader]: resolved.browserPath, [FIRST_RENDERED.stretchHeader]: resolved.stretch ? '1' : '0' };
}
