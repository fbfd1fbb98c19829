/** The worklist's first page warms the previews of the first unread studies (server/worklist/preview-warmup.ts), on a real PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderedPreviews } from '../../server/gateway/rendered-previews';
import { setFirstImage } from '../../server/worklist/first-image';
import { warmTopPreviews, WARMED_STUDIES } from '../../server/worklist/preview-warmup';
import { parseWorklistQuery, queryWorklist } from '../../server/worklist/query';
import { setReadingState, upsertStudy } from '../../server/worklist/repository';
import type { StudyFields } from '../../server/worklist/study-fields';
import { CR_HINT } from '../support/first-image-hint';
import { startTestDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
const NOW = Date.UTC(2026, 0, 1, 12);
const uid = (i: number) => `1.2.826.0.7.${i}`;

const fields = (i: number): StudyFields => ({
  studyUid: uid(i),
  orthancId: `orthanc-warm-${i}`,
  patientId: `P${i}`,
  patientName: 'DOE, Jane',
  patientSex: 'F',
  patientBirthDate: null,
  accession: null,
  studyDate: '20260101',
  studyTime: null,
  studyDateTime: null,
  modality: 'CR',
  bodyPart: 'CHEST',
  description: 'Chest PA',
  priority: 'ROUTINE',
});

beforeAll(async () => {
  db = await startTestDatabase('dokuei-warmup-');
  for (let i = 0; i < 6; i++) {
    // The oldest waits longest: the urgency order is 0, 1, 2, …
    await upsertStudy(db.pool, fields(i), { arrivedAt: new Date(NOW - (60 - i) * 60_000) });
    // Study 4 has nothing the viewer would paint first (JSON null: computed, no preview).
    await setFirstImage(db.pool, uid(i), i === 4 ? null : { ...CR_HINT, studyUid: uid(i), frameUrl: CR_HINT.frameUrl.replace('1.2.3', uid(i)) });
  }
  await setReadingState(db.pool, { studyUid: uid(1) }, { readingState: 'read', claimedBy: 'alice' });
}, 120_000);

afterAll(async () => {
  await db?.stop();
});

/** Previews whose PACS reads are only recorded (the renders themselves are the gateway's, tested elsewhere). */
function recording() {
  const asked: string[] = [];
  const previews = new RenderedPreviews((path) => {
    asked.push(path);
    return Promise.resolve(null);
  });
  return { previews, asked };
}

describe('warmTopPreviews', () => {
  it("renders, for the reader's screen, the previews of the first unread rows of the page", async () => {
    const { previews, asked } = recording();
    const page = await queryWorklist(db.pool, parseWorklistQuery({}), { now: NOW });
    expect(page.rows.map((row) => row.studyUid).slice(0, 5)).toEqual([0, 1, 2, 3, 4].map(uid));
    await warmTopPreviews(db.pool, previews, 'alice', '1280x900x1', page.rows);
    // Unread in order: 0, 2, 3 (1 is read); 4 would come next but is not among the first WARMED_STUDIES.
    expect(WARMED_STUDIES).toBe(3);
    expect(asked.map((path) => /studies\/([0-9.]+)\//.exec(path)?.[1]).sort()).toEqual([uid(0), uid(2), uid(3)]);
    expect(asked.every((path) => path.includes('/rendered?viewport=956,900'))).toBe(true);
  });

  it('renders nothing for a reader whose screen the server does not know', async () => {
    const { previews, asked } = recording();
    const page = await queryWorklist(db.pool, parseWorklistQuery({}), { now: NOW });
    await warmTopPreviews(db.pool, previews, 'bob', undefined, page.rows);
    expect(asked).toEqual([]);
  });
});
