/**
 * Text sorts are natural (migration 007, sort-keys.ts NATURAL): numbers inside text compare as numbers,
 * as the browser's Intl.Collator numeric did, and the patient name / ID orders still read an index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorklistQuery, queryWorklist } from '../../server/worklist/query';
import { upsertStudy } from '../../server/worklist/repository';
import type { StudyFields } from '../../server/worklist/study-fields';
import { startTestDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
const IDS = ['P10', 'P2', 'P1', '', 'p3', 'P20'];

const fields = (id: string, i: number): StudyFields => ({
  studyUid: `2.25.natural.${i}`,
  orthancId: `natural-${i}`,
  patientId: id,
  patientName: id ? `DOE^${id}` : '',
  patientSex: null,
  patientBirthDate: null,
  accession: id || null,
  studyDate: null,
  studyTime: null,
  studyDateTime: null,
  modality: 'CR',
  bodyPart: null,
  description: null,
  priority: null,
  seriesCount: 1,
  instanceCount: 2,
});

beforeAll(async () => {
  db = await startTestDatabase();
  for (const [i, id] of IDS.entries()) await upsertStudy(db.pool, fields(id, i));
}, 60_000);

afterAll(async () => {
  await db?.stop();
}, 60_000);

describe('natural text order', () => {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const expected = IDS.filter(Boolean).sort(collator.compare);

  it.each([['patientId'], ['accession']])('sort=%s: numbers as numbers both ways, blanks last, across pages', async (sort) => {
    for (const dir of ['asc', 'desc'] as const) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queryWorklist(db.pool, parseWorklistQuery({ sort, dir, limit: '2', ...(cursor ? { cursor } : {}) }));
        ids.push(...page.rows.map((r) => r.patientId));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids).toEqual([...(dir === 'asc' ? expected : [...expected].reverse()), '']);
    }
  });

  it('the series / instance counts come back on the row', async () => {
    const page = await queryWorklist(db.pool, parseWorklistQuery({ sort: 'patientId', limit: '1' }));
    expect(page.rows[0]).toMatchObject({ seriesCount: 1, instanceCount: 2 });
  });

  it('the patient name and ID orders have their indexes (same collation as sort-keys.ts)', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      for (const [column, index] of [
        ['patient_name', 'worklist_by_patient_name'],
        ['patient_id', 'worklist_by_patient_id_natural'],
      ]) {
        const plan = await client.query(
          `EXPLAIN SELECT study_uid FROM worklist WHERE ${column} <> '' ORDER BY (${column} COLLATE dokuei_natural), study_uid LIMIT 5`,
        );
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(new RegExp(`Index (Only )?Scan using ${index} `));
      }
    } finally {
      client.release();
    }
  });
});
