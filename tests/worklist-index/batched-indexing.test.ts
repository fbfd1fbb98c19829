/**
 * Batched indexing on the real stack (PostgreSQL + Orthanc on its PostgreSQL index): the reindex reading
 * many studies at once and writing a page in one upsert gives the same rows as one study at a time, and
 * the watcher's batched pages give the same fields. A study's acquisition time moves earlier when a later
 * instance was acquired earlier, and its wait follows.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import { startOrthanc, stopOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin } from '../../tools/postgres/postgres';
import { storeFiles } from '../../tools/seed/stow';
import { syntheticInstance } from '../../tools/seed/synthetic';
import { ChangeWatcher } from '../../server/watcher/change-watcher';
import { registryRunSet } from '../../server/models/run-set';
import { reindex } from '../../server/worklist/reindex';
import { upsertStudies, upsertStudy } from '../../server/worklist/repository';
import type { StudyFields } from '../../server/worklist/study-fields';
import { startTestDatabase, type TestDatabase } from './support/database';

const STUDIES = 23;
const HOUR = 3_600_000;

let db: TestDatabase;
let pacs: PacsConfig;
let orthancDir: string;

beforeAll(async () => {
  db = await startTestDatabase('dokuei-batched-indexing-');
  orthancDir = join(db.root, 'orthanc');
  pacs = await startOrthanc(orthancDir, { postgres: orthancIndexLogin(db.connection) });
  const report = await storeFiles(
    pacs,
    Array.from({ length: STUDIES }, (_, i) => syntheticInstance(7000 + i)),
  );
  expect(report.rejected).toEqual([]);
}, 120_000);

afterAll(async () => {
  if (orthancDir) await stopOrthanc(orthancDir);
  await db?.stop();
}, 60_000);

/** Every column of every row but the write time, in UID order. */
async function snapshot(omit: string[] = []): Promise<Record<string, unknown>[]> {
  const { rows } = await db.pool.query<Record<string, unknown>>('SELECT * FROM worklist ORDER BY study_uid');
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => column !== 'updated_at' && !omit.includes(column))));
}

describe('batched indexing', () => {
  it('the reindex writes the same rows in pages of 100 as one study at a time', async () => {
    const models = await registryRunSet(db.pool);
    const single = await reindex({ db: db.pool, pacs, models, pageSize: 1 });
    expect(single.studies).toBe(STUDIES);
    const oneByOne = await snapshot();
    expect(oneByOne).toHaveLength(STUDIES);
    expect(new Set(oneByOne.map((row) => row.modality))).toEqual(new Set(['CR', 'DX']));

    await db.pool.query('DELETE FROM worklist');
    const batched = await reindex({ db: db.pool, pacs, models, pageSize: 100 });
    expect(batched).toMatchObject({ studies: STUDIES, removed: 0 });
    expect(await snapshot()).toEqual(oneByOne);
  }, 120_000);

  it("the watcher's batched pages index the same fields (arrival is when it saw them)", async () => {
    const expected = await snapshot(['arrived_at', 'waiting_since']);
    await db.pool.query('DELETE FROM worklist');
    const watcher = new ChangeWatcher({ db: db.pool, pacs, name: 'batched-test', models: () => registryRunSet(db.pool), pageSize: 100, log: () => {} });
    // Orthanc announces a study stable some seconds after its last instance: follow the log until all are.
    const deadline = Date.now() + 60_000;
    while ((await snapshot()).length < STUDIES && Date.now() < deadline) {
      if ((await watcher.handleNextPage()).done) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(await snapshot(['arrived_at', 'waiting_since'])).toEqual(expected);
  }, 120_000);
});

describe('acquisition time', () => {
  const arrived = new Date(Date.UTC(2026, 2, 1, 12));
  const study = (acquiredAt: Date | null): StudyFields => ({
    studyUid: '2.25.4711',
    orthancId: 'acquired-test',
    patientId: 'ACQ',
    patientName: 'ACQ^TEST',
    patientSex: null,
    patientBirthDate: null,
    accession: 'ACQ1',
    studyDate: null,
    studyTime: null,
    studyDateTime: null,
    modality: 'CR',
    bodyPart: 'CHEST',
    description: null,
    priority: null,
    acquiredAt,
  });
  const row = async () =>
    (
      await db.pool.query<{ acquired_at: Date | null; waiting_since: Date; arrived_at: Date }>(
        'SELECT acquired_at, waiting_since, arrived_at FROM worklist WHERE study_uid = $1',
        ['2.25.4711'],
      )
    ).rows[0];

  it('moves earlier when a later instance was acquired earlier, never later, and the wait follows', async () => {
    await upsertStudy(db.pool, study(null), { arrivedAt: arrived });
    expect(await row()).toEqual({ acquired_at: null, waiting_since: arrived, arrived_at: arrived });

    const first = new Date(arrived.getTime() - 1 * HOUR);
    await upsertStudy(db.pool, study(first), { arrivedAt: new Date() });
    expect(await row()).toEqual({ acquired_at: first, waiting_since: first, arrived_at: arrived });

    const earlier = new Date(arrived.getTime() - 3 * HOUR);
    await upsertStudies(db.pool, [{ fields: study(first) }, { fields: study(earlier) }]);
    expect(await row()).toEqual({ acquired_at: earlier, waiting_since: earlier, arrived_at: arrived });

    await upsertStudy(db.pool, study(new Date(arrived.getTime() - 2 * HOUR)));
    expect(await row()).toEqual({ acquired_at: earlier, waiting_since: earlier, arrived_at: arrived });
  });
});
