/**
 * A reader's worklist, first page, warms the previews of the studies they are likely to open next: the
 * first unread rows, for that reader's screen (server/gateway/rendered-previews.ts keeps them). Opening one
 * then paints a preview the server already has, on the first opening too.
 */
import type { IndexRow } from '../../src/domain/study/index-row';
import { isFirstImageHint } from '../../src/domain/viewer/first-image-hint';
import type { RenderedPreviews } from '../gateway/rendered-previews';
import type { Queryable } from './repository';

/** A reader opens one of the top few next; more would only render what nobody looks at. */
export const WARMED_STUDIES = 3;

export async function warmTopPreviews(
  db: Queryable,
  previews: RenderedPreviews,
  readerId: string,
  screenCookie: string | undefined,
  rows: IndexRow[],
): Promise<void> {
  const uids = rows
    .filter((row) => row.readingState === 'unread')
    .slice(0, WARMED_STUDIES)
    .map((row) => row.studyUid);
  if (uids.length === 0) return;
  const { rows: named } = await db.query<{ first_image: unknown }>('SELECT first_image FROM worklist WHERE study_uid = ANY($1)', [uids]);
  for (const { first_image: hint } of named) if (isFirstImageHint(hint)) previews.start(readerId, screenCookie, hint);
}
