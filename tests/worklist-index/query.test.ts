/**
 * The worklist query on a real PostgreSQL: keyset pages return every row exactly once for every sort
 * column and direction (with many ties), filters and totals, aging at query time, and the HTTP API
 * with its SSE stream fed by LISTEN/NOTIFY.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/principal';
import type { AiSummary, IndexRow } from '../../src/domain/study/index-row';
import { EXACT_COUNT_LIMIT, parseWorklistQuery, queryWorklist, worklistPageSql } from '../../server/worklist/query';
import { setAiSummary, setReadingState, upsertStudy } from '../../server/worklist/repository';
import { SORT_COLUMNS, sortParts, type SortColumn } from '../../server/worklist/sort-keys';
import type { StudyFields } from '../../server/worklist/study-fields';
import { DEFAULT_TRIAGE_CONFIG } from '../../src/domain/triage/config';
import { worklistPlugin } from '../../server/worklist/worklist-plugin';
import { startTestDatabase, type TestDatabase } from './support/database';

let db: TestDatabase;
const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);
const MINUTE = 60_000;
const ROWS = 61;

const pick = <T>(list: readonly T[], i: number) => list[i % list.length];

function fields(i: number): StudyFields {
  return {
    studyUid: `1.2.826.0.1.${1000 + i}`,
    orthancId: `orthanc-${i}`,
    patientId: `P${pick([1, 2, 3, 10], i)}`,
    // Few distinct values: many ties, which the keyset must still page through exactly once.
    patientName: pick(['DOE, Jane', 'ROE, Rick', '', 'ÅSTRÖM, Åsa'], i),
    patientSex: pick(['F', 'M', null], i),
    patientBirthDate: pick(['19700101', null], i),
    accession: pick(['A1', 'A2', null, 'A10'], i),
    studyDate: '20250110',
    studyTime: null,
    studyDateTime: pick([new Date(Date.UTC(2025, 0, 10)), null, new Date(Date.UTC(2024, 5, 1))], i),
    modality: pick(['CR', 'DX', 'CR\\DX', 'CT'], i),
    bodyPart: pick(['CHEST', null, 'HAND'], i),
    description: pick(['Chest PA', 'Chest AP', null], i),
    priority: pick(['STAT', 'HIGH', 'ROUTINE', null, 'LOW', 'bogus'], i),
  };
}

const summary = (positive: boolean, label = 'effusion', clinicalClass: 'critical' | 'urgent' | 'routine' = 'urgent'): AiSummary => ({
  status: 'done',
  modelKey: 'test-models',
  computedAt: new Date(NOW).toISOString(),
  findings: [{ label, probability: positive ? 0.8 : 0.1, threshold: 0.5, positive, clinicalClass }],
  positives: positive ? [label] : [],
  qaFlags: [],
  lungAreas: [],
});

async function allPages(sort: string, dir: string, limit: number, extra: Record<string, string> = {}): Promise<{ rows: IndexRow[]; totals: number[] }> {
  const rows: IndexRow[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await queryWorklist(db.pool, parseWorklistQuery({ sort, dir, limit: String(limit), ...extra, ...(cursor ? { cursor } : {}) }), { now: NOW });
    rows.push(...page.rows);
    totals.push(page.total);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { rows, totals };
}

beforeAll(async () => {
  db = await startTestDatabase();
  for (let i = 0; i < ROWS; i++) {
    await upsertStudy(db.pool, fields(i), { arrivedAt: new Date(NOW - pick([0, 5, 30, 600, 5], i) * MINUTE) });
    if (i % 3 === 0)
      await setAiSummary(db.pool, fields(i).studyUid, summary(i % 2 === 0, i % 4 === 0 ? 'pneumothorax' : 'effusion', i % 4 === 0 ? 'critical' : 'urgent'));
    if (i % 5 === 0)
      await setReadingState(db.pool, { studyUid: fields(i).studyUid }, { readingState: i % 2 ? 'read' : 'in-progress', claimedBy: pick(['alice', 'bob'], i) });
  }
}, 60_000);

afterAll(async () => {
  await db?.stop();
}, 60_000);

interface PlanNode {
  'Relation Name'?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}
const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

describe('keyset pagination', () => {
  const columns = Object.keys(SORT_COLUMNS);
  it.each(
    columns.flatMap((column) => [
      [column, 'asc'],
      [column, 'desc'],
    ]),
  )('sort=%s dir=%s: every row exactly once, in the one-page order', async (sort, dir) => {
    const whole = await allPages(sort, dir, 500);
    expect(whole.rows).toHaveLength(ROWS);
    const paged = await allPages(sort, dir, 7);
    const uids = paged.rows.map((r) => r.studyUid);
    expect(new Set(uids).size).toBe(ROWS);
    expect(uids).toEqual(whole.rows.map((r) => r.studyUid));
    expect(new Set(paged.totals)).toEqual(new Set([ROWS]));
  });

  it.each(
    columns.flatMap((column) => [
      [column, 'asc'],
      [column, 'desc'],
    ]),
  )('sort=%s dir=%s: each part of the page is read from an index (migrations 004, 007, 010 match sort-keys.ts)', async (sort, dir) => {
    const query = parseWorklistQuery({ sort, dir, limit: '50' });
    const { sql, params } = worklistPageSql(query, { now: NOW });
    // Parts without a tail (arrivals after the cut-off: few rows) are sorted in full, and so is the union of
    // several parts (≤ limit + 1 rows each); every other part must come in index order, which the planner can
    // only find when the expressions match.
    const parts = sortParts(sort as SortColumn, query.dir, DEFAULT_TRIAGE_CONFIG);
    const sorts = (parts.length > 1 ? 1 : 0) + parts.filter((part) => !part.tail && part.where !== 'true').length;
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off');
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Seq Scan/);
      expect(plan.match(/Sort \s*\(cost/g)?.length ?? 0, plan).toBe(sorts);
    } finally {
      await client.query('RESET ALL');
      client.release();
    }
  });

  it('sort by modality with a modality filter reads only the matching values (per-value ranges), in the whole order, across pages', async () => {
    for (const dir of ['asc', 'desc']) {
      for (const modality of ['CR', 'CT,DX']) {
        const wanted = modality.split(',');
        const whole = await allPages('modality', dir, 500);
        const expected = whole.rows.filter((r) => r.modality?.split('\\').some((m) => wanted.includes(m))).map((r) => r.studyUid);
        expect(expected.length).toBeGreaterThan(0);
        expect((await allPages('modality', dir, 500, { modality })).rows.map((r) => r.studyUid)).toEqual(expected);
        expect((await allPages('modality', dir, 3, { modality })).rows.map((r) => r.studyUid)).toEqual(expected);
        // Read through an index without a filter dropping rows: a range over other modalities would (3.4 s at 1M).
        const { sql, params } = worklistPageSql(parseWorklistQuery({ sort: 'modality', dir, limit: '5', modality }), { now: NOW });
        // As at scale (the tiny test table would rather be scanned whole): index reads only.
        const client = await db.pool.connect();
        const plan = await client
          .query('SET enable_seqscan = off; SET enable_bitmapscan = off')
          .then(() => client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params))
          .then(({ rows }) => rows[0]['QUERY PLAN'][0])
          .finally(() => client.query('RESET ALL').finally(() => client.release()));
        const scans = planNodes(plan.Plan).filter((node) => node['Relation Name'] === 'worklist');
        expect(scans.length).toBeGreaterThan(0);
        expect(scans.map((node) => node['Rows Removed by Filter'] ?? 0)).toEqual(scans.map(() => 0));
      }
    }
  });

  it('blank values sort last in both directions', async () => {
    for (const dir of ['asc', 'desc']) {
      const { rows } = await allPages('accession', dir, 500);
      const firstBlank = rows.findIndex((r) => r.accession === null);
      expect(rows.slice(firstBlank).every((r) => r.accession === null)).toBe(true);
      expect(firstBlank).toBeGreaterThan(0);
    }
  });

  it('filters narrow both the rows and the total, across pages', async () => {
    const { rows, totals } = await allPages('patientName', 'asc', 4, { modality: 'DX', status: 'unread' });
    expect(rows.length).toBe(totals[0]);
    expect(rows.every((r) => r.modality?.split('\\').includes('DX') && r.readingState === 'unread')).toBe(true);
    const text = await allPages('urgency', 'asc', 5, { q: 'acc'.slice(0, 0) + 'a1' });
    expect(text.rows.every((r) => /a1/i.test(`${r.patientName} ${r.patientId} ${r.accession}`))).toBe(true);
    const flagged = await allPages('urgency', 'asc', 5, { flagged: 'true' });
    expect(flagged.rows.length).toBeGreaterThan(0);
    expect(flagged.rows.every((r) => r.flagged && (r.aiSummary?.positives.length ?? 0) > 0)).toBe(true);
    const critical = await allPages('urgency', 'asc', 5, { level: 'critical' });
    expect(critical.rows.every((r) => r.urgency.level === 'critical')).toBe(true);
    // Sorted by the filtered column: the parts of the other values are left out, the pages stay whole.
    for (const [sort, filter, wanted] of [
      ['readingState', { status: 'unread,read' }, (r: IndexRow) => ['unread', 'read'].includes(r.readingState)],
      ['aiStatus', { ai: 'done' }, (r: IndexRow) => r.aiStatus === 'done'],
      ['level', { level: 'urgent,low' }, (r: IndexRow) => ['urgent', 'low'].includes(r.urgency.level)],
      ['flagged', { flagged: 'true' }, (r: IndexRow) => r.flagged],
    ] as const) {
      for (const dir of ['asc', 'desc']) {
        const one = await allPages(sort, dir, 500, filter);
        const paged = await allPages(sort, dir, 3, filter);
        expect(one.rows.length, `${sort} ${dir}`).toBe(one.totals[0]);
        expect(one.rows.length).toBeGreaterThan(0);
        expect(one.rows.every(wanted)).toBe(true);
        expect(paged.rows.map((r) => r.studyUid)).toEqual(one.rows.map((r) => r.studyUid));
      }
    }
  });

  it('refuses a cursor used with another sort, and bad parameters', async () => {
    const first = await queryWorklist(db.pool, parseWorklistQuery({ sort: 'patientName', limit: '3' }), { now: NOW });
    await expect(queryWorklist(db.pool, parseWorklistQuery({ sort: 'accession', limit: '3', cursor: first.nextCursor! }))).rejects.toThrow(/another sort/);
    await expect(queryWorklist(db.pool, parseWorklistQuery({ cursor: 'garbage' }))).rejects.toThrow(/invalid cursor/);
    expect(() => parseWorklistQuery({ sort: 'nope' })).toThrow(/unknown sort/);
    expect(() => parseWorklistQuery({ limit: '0' })).toThrow(/limit/);
    expect(() => parseWorklistQuery({ level: 'urgentish' })).toThrow(/level/);
  });
});

describe('aging at query time', () => {
  const uid = (name: string) => `2.25.aging.${name}`;
  const base = (name: string, priority: string | null): StudyFields => ({
    ...fields(0),
    studyUid: uid(name),
    orthancId: `aging-${name}`,
    priority,
    patientName: 'AGING',
  });

  beforeAll(async () => {
    // Routine, waited 10 hours; a critical (STAT) one that just arrived; two urgent ones of different age;
    // a routine one that waited 15 min (aging points within its level only).
    await upsertStudy(db.pool, base('routine-old', 'ROUTINE'), { arrivedAt: new Date(NOW - 600 * MINUTE) });
    await upsertStudy(db.pool, base('critical-fresh', 'STAT'), { arrivedAt: new Date(NOW) });
    await upsertStudy(db.pool, base('urgent-old', 'HIGH'), { arrivedAt: new Date(NOW - 10 * MINUTE) });
    await upsertStudy(db.pool, base('urgent-new', 'HIGH'), { arrivedAt: new Date(NOW - 1 * MINUTE) });
    await upsertStudy(db.pool, base('routine-15', 'ROUTINE'), { arrivedAt: new Date(NOW - 15 * MINUTE) });
  });

  const order = async (now: number) =>
    (await queryWorklist(db.pool, parseWorklistQuery({ q: 'AGING', limit: '50' }), { now })).rows.map((r) => r.studyUid.replace('2.25.aging.', ''));

  it('a routine study waiting long never outranks a fresh critical one; within a level the older comes first', async () => {
    const ranked = await order(NOW);
    expect(ranked[0]).toBe('critical-fresh');
    expect(ranked.indexOf('urgent-old')).toBeLessThan(ranked.indexOf('urgent-new'));
    // 15 min of aging (75 points) does not lift a routine study above a fresh urgent one.
    expect(ranked.indexOf('urgent-new')).toBeLessThan(ranked.indexOf('routine-15'));
    // Past the cap (src/domain/triage: overdue) the long-waiting routine study is promoted above urgent ones, never above critical.
    expect(ranked.indexOf('routine-old')).toBe(1);
  });

  it('the order changes with time without rewriting rows', async () => {
    const before = await db.pool.query("SELECT max(updated_at) AS t FROM worklist WHERE patient_name = 'AGING'");
    // 10 minutes later the 15-minute routine study has waited 25 min: overdue, promoted above the urgent ones.
    const later = await order(NOW + 10 * MINUTE);
    expect(later[0]).toBe('critical-fresh');
    expect(later.indexOf('routine-15')).toBeLessThan(later.indexOf('urgent-old'));
    const page = await queryWorklist(db.pool, parseWorklistQuery({ q: 'AGING' }), { now: NOW + 10 * MINUTE });
    const routine = page.rows.find((r) => r.studyUid === uid('routine-15'))!;
    expect(routine.urgency).toMatchObject({ level: 'routine', overdue: true });
    expect(routine.urgency.waitMinutes).toBeCloseTo(25, 5);
    expect(routine.urgency.score).toBeCloseTo(routine.urgency.evidenceScore + 5 * 25, 3);
    const after = await db.pool.query("SELECT max(updated_at) AS t FROM worklist WHERE patient_name = 'AGING'");
    expect(after.rows[0].t).toEqual(before.rows[0].t);
  });
});

describe('the wait counts from a plausible acquisition time (migration 011)', () => {
  const base = (name: string, acquiredAt: Date | null): StudyFields => ({
    ...fields(0),
    studyUid: `2.25.acquired.${name}`,
    orthancId: `acquired-${name}`,
    priority: 'ROUTINE',
    patientName: 'ACQUIRED',
    acquiredAt,
  });
  const arrivedAt = new Date(NOW - 5 * MINUTE);

  beforeAll(async () => {
    // Acquired 2 h before it reached the PACS; acquired 3 days before (a prior sent again); acquired "after" arrival; undated.
    await upsertStudy(db.pool, base('shift', new Date(NOW - 125 * MINUTE)), { arrivedAt });
    await upsertStudy(db.pool, base('prior', new Date(NOW - 3 * 24 * 60 * MINUTE)), { arrivedAt });
    await upsertStudy(db.pool, base('future', new Date(NOW + 60 * MINUTE)), { arrivedAt });
    await upsertStudy(db.pool, base('undated', null), { arrivedAt });
  });

  it('stores both times, ages from the acquisition within the window and says so', async () => {
    const page = await queryWorklist(db.pool, parseWorklistQuery({ q: 'ACQUIRED' }), { now: NOW });
    const row = (name: string) => page.rows.find((r) => r.studyUid === `2.25.acquired.${name}`)!;
    const waitReason = (name: string) => row(name).urgency.reasons.find((r) => r.kind === 'waiting')?.text;
    expect(row('shift')).toMatchObject({ arrivedAt: arrivedAt.toISOString(), waitingSince: new Date(NOW - 125 * MINUTE).toISOString() });
    expect(row('shift').urgency).toMatchObject({ waitMinutes: 125, overdue: true });
    expect(waitReason('shift')).toBe('waiting 125 min since acquisition');
    for (const name of ['prior', 'future', 'undated']) {
      expect(row(name).waitingSince).toBe(arrivedAt.toISOString());
      expect(row(name).urgency).toMatchObject({ waitMinutes: 5, overdue: false });
      expect(waitReason(name)).toBe('waiting 5 min since arrival in the PACS');
    }
    expect(row('prior').acquiredAt).toBe(new Date(NOW - 3 * 24 * 60 * MINUTE).toISOString());
    expect(row('undated').acquiredAt).toBeNull();
    expect(page.rows[0].studyUid).toBe('2.25.acquired.shift');
  });
});

describe('urgency order read in parts (critical / overdue / recent) equals the documented order', () => {
  const CAP = 20;
  const LEVELS: Record<string, number> = { low: 0, routine: 1, urgent: 2, critical: 3 };
  // The documented order (README, sort-keys.ts), computed in JS from what the rows say.
  const expected = (rows: IndexRow[], now: number) =>
    rows
      .map((r) => {
        const arrived = Date.parse(r.waitingSince);
        const level = LEVELS[r.urgency.level];
        const overdue = level < 3 && arrived <= now - CAP * MINUTE;
        const score = r.urgency.evidenceScore + 5 * (Math.max(0, now - arrived) / MINUTE);
        return { uid: r.studyUid, tier: level === 3 ? 2 : overdue ? 1 : 0, level: overdue ? 0 : level, score: overdue ? 0 : score, arrived };
      })
      .sort((a, b) => b.tier - a.tier || b.level - a.level || b.score - a.score || a.arrived - b.arrived || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0))
      .map((r) => r.uid);

  beforeAll(async () => {
    // Critical studies at several ages (two arriving AFTER the earliest query time below), overdue and
    // fresh studies of every level, equal arrival times (ties broken by UID).
    const arrivals = [-120, -21, -20, -19.5, -3, 0, 0, 2, 7, 45];
    for (let i = 0; i < 30; i++) {
      const f = {
        ...fields(i),
        studyUid: `2.25.parts.${String(i).padStart(2, '0')}`,
        orthancId: `parts-${i}`,
        patientName: 'PARTS',
        priority: pick(['STAT', 'HIGH', 'ROUTINE', 'LOW', 'MEDIUM'], i),
      };
      await upsertStudy(db.pool, f, { arrivedAt: new Date(NOW + pick(arrivals, i * 7) * MINUTE) });
      if (i % 4 === 1) await setAiSummary(db.pool, f.studyUid, summary(true, 'pneumothorax', 'critical'));
    }
  });

  it.each([
    ['now', 0],
    ['before some arrivals (future rows: wait 0)', -10],
    ['an hour later', 60],
  ])('%s: every page size, both directions', async (_label, offset) => {
    const now = NOW + Number(offset) * MINUTE;
    const all = await queryWorklist(db.pool, parseWorklistQuery({ q: 'PARTS', limit: '500' }), { now });
    expect(all.rows).toHaveLength(30);
    const want = expected(all.rows, now);
    expect(all.rows.map((r) => r.studyUid)).toEqual(want);
    for (const limit of [1, 3, 7]) {
      for (const dir of ['asc', 'desc'] as const) {
        const uids: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 60; guard++) {
          const page = await queryWorklist(db.pool, parseWorklistQuery({ q: 'PARTS', dir, limit: String(limit), ...(cursor ? { cursor } : {}) }), { now });
          uids.push(...page.rows.map((r) => r.studyUid));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(uids).toEqual(dir === 'asc' ? want : [...want].reverse());
      }
    }
  });

  it('the whole index in urgency order, paged, equals one sorted list; a level filter skips parts and keeps the order', async () => {
    const whole = await allPages('urgency', 'asc', 500);
    expect(whole.rows.map((r) => r.studyUid)).toEqual(expected(whole.rows, NOW));
    const paged = await allPages('urgency', 'asc', 4);
    expect(paged.rows.map((r) => r.studyUid)).toEqual(whole.rows.map((r) => r.studyUid));
    for (const level of ['critical', 'routine', 'urgent,critical']) {
      const filtered = await allPages('urgency', 'asc', 3, { level });
      expect(filtered.rows.map((r) => r.studyUid)).toEqual(whole.rows.filter((r) => level.split(',').includes(r.urgency.level)).map((r) => r.studyUid));
    }
  });

  it('a cursor with a malformed key is refused', async () => {
    const first = await queryWorklist(db.pool, parseWorklistQuery({ limit: '2' }), { now: NOW });
    const [v, sort, dir, now, filters, keys] = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify([v, sort, dir, now, filters, [...keys.slice(0, 3), 'not a time', keys[4]]])).toString('base64url');
    await expect(queryWorklist(db.pool, parseWorklistQuery({ limit: '2', cursor: forged }))).rejects.toThrow(/invalid cursor/);
  });
});

describe('totals', () => {
  const exactCount = async (where = 'true') => Number((await db.pool.query(`SELECT count(*) FROM worklist WHERE ${where}`)).rows[0].count);

  it('counters (migration 004) stay exact through inserts, updates, deletes; other filters count exactly up to the limit', async () => {
    const total = (extra: Record<string, string> = {}) => queryWorklist(db.pool, parseWorklistQuery({ limit: '1', ...extra }), { now: NOW });
    expect(await total()).toMatchObject({ total: await exactCount(), totalExact: true });
    await setReadingState(db.pool, { studyUid: fields(2).studyUid }, { readingState: 'read', claimedBy: null });
    expect(await total({ status: 'unread' })).toMatchObject({ total: await exactCount("reading_state = 'unread'"), totalExact: true });
    expect(await total({ status: 'read,in-progress', level: 'urgent,critical' })).toMatchObject({
      total: await exactCount("reading_state IN ('read', 'in-progress') AND urgency_level >= 2"),
      totalExact: true,
    });
    expect(await total({ flagged: 'true', ai: 'done' })).toMatchObject({ total: await exactCount("flagged AND ai_status = 'done'"), totalExact: true });
    expect(await total({ modality: 'CT' })).toMatchObject({ total: await exactCount("modality = 'CT'"), totalExact: true });
    // A bulk insert of more rows than the exact-count limit: the counters follow; a text filter gives an estimate.
    await db.pool.query(`INSERT INTO worklist (study_uid, orthanc_id, modality, arrived_at)
      SELECT '2.25.bulk.' || g, 'bulk-' || g, 'XA', now() - interval '1 day' FROM generate_series(1, 10050) AS g`);
    expect(await total()).toMatchObject({ total: await exactCount(), totalExact: true });
    // Once analysed (as autovacuum would), the modality statistics of migration 014 make the estimate close.
    await db.pool.query('ANALYZE worklist');
    const estimated = await total({ modality: 'XA' });
    expect(estimated.totalExact).toBe(false);
    expect(estimated.total).toBeGreaterThan(EXACT_COUNT_LIMIT);
    expect(Math.abs(estimated.total - 10_050)).toBeLessThan(1_000);
    await db.pool.query("DELETE FROM worklist WHERE study_uid LIKE '2.25.bulk.%'");
    expect(await total()).toMatchObject({ total: await exactCount(), totalExact: true });
    expect(await total({ status: 'unread' })).toMatchObject({ total: await exactCount("reading_state = 'unread'"), totalExact: true });
    await db.pool.query('SELECT worklist_counts_fold()');
    expect(Number((await db.pool.query('SELECT count(*) FROM worklist_counts')).rows[0].count)).toBeLessThanOrEqual(3 * 4 * 5 * 2);
    expect(await total()).toMatchObject({ total: await exactCount(), totalExact: true });
  });

  it('the default urgency order has its index (migration 004 matches sort-keys.ts urgencyIndexKeySql)', async () => {
    const { rows } = await db.pool.query<{ def: string }>("SELECT pg_get_indexdef('worklist_critical_by_urgency'::regclass) AS def");
    const { urgencyIndexKeySql } = await import('../../server/worklist/sort-keys');
    const { DEFAULT_TRIAGE_CONFIG } = await import('../../src/domain/triage/config');
    const client = await db.pool.connect();
    try {
      // Without sorts the planner must find the order in an index: it can only if the expressions match.
      await client.query('SET enable_sort = off');
      const plan = await client.query(
        `EXPLAIN SELECT study_uid FROM worklist WHERE urgency_level = 3 ORDER BY ${urgencyIndexKeySql(DEFAULT_TRIAGE_CONFIG)}, waiting_since, study_uid LIMIT 5`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Scan using worklist_(open_)?critical_by_urgency/);
    } finally {
      await client.query('RESET enable_sort');
      client.release();
    }
    expect(rows[0].def).toContain('WHERE (urgency_level = 3)');
  });
});

describe('HTTP API and live events', () => {
  let app: FastifyInstance;
  let url: string;
  const principals: Record<string, Principal> = {
    reader: { id: 'reader', dicomName: 'Reader', displayName: 'Reader', role: 'reader', via: 'session' },
    admin: { id: 'admin', dicomName: 'Admin', displayName: 'Admin', role: 'admin', via: 'session' },
  };

  beforeAll(async () => {
    app = Fastify({ logger: false });
    // Stand-in for the auth plugin: the principal named by a test header.
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      request.principal = principals[String(request.headers['x-test-user'])] ?? null;
    });
    await app.register(worklistPlugin, {
      db: db.pool,
      heartbeatMs: 200,
      queue: { counts: async () => ({ triage: { created: 1 }, deadLetters: 0 }), deadLetters: async () => [] },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /api/worklist pages with a cursor and a total; 401 without a principal; 400 on bad input', async () => {
    const anonymous = await fetch(`${url}/api/worklist`);
    expect(anonymous.status).toBe(401);
    const first = await fetch(`${url}/api/worklist?sort=patientName&dir=desc&limit=10`, { headers: { 'x-test-user': 'reader' } });
    expect(first.status).toBe(200);
    const page = (await first.json()) as { rows: IndexRow[]; nextCursor: string; total: number };
    expect(page.rows).toHaveLength(10);
    expect(page.total).toBeGreaterThanOrEqual(ROWS);
    const second = await fetch(`${url}/api/worklist?sort=patientName&dir=desc&limit=10&cursor=${page.nextCursor}`, { headers: { 'x-test-user': 'reader' } });
    const next = (await second.json()) as { rows: IndexRow[] };
    expect(next.rows.map((r) => r.studyUid)).not.toContain(page.rows[0].studyUid);
    const bad = await fetch(`${url}/api/worklist?sort=bogus`, { headers: { 'x-test-user': 'reader' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'unknown sort column "bogus"' });
  });

  it('GET /api/admin/queue is for admins only', async () => {
    expect((await fetch(`${url}/api/admin/queue`, { headers: { 'x-test-user': 'reader' } })).status).toBe(403);
    const admin = await fetch(`${url}/api/admin/queue`, { headers: { 'x-test-user': 'admin' } });
    expect(await admin.json()).toEqual({ counts: { triage: { created: 1 }, deadLetters: 0 }, deadLetters: [] });
  });

  it('GET /api/worklist/events streams a row change (NOTIFY on upsert) and heartbeats; closes on abort', async () => {
    expect((await fetch(`${url}/api/worklist/events`)).status).toBe(401);
    const abort = new AbortController();
    const response = await fetch(`${url}/api/worklist/events`, { headers: { 'x-test-user': 'reader' }, signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(text) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      return pattern.test(text);
    };
    expect(await readUntil(/event: ready/)).toBe(true);
    await upsertStudy(db.pool, { ...fields(1), description: 'changed' });
    expect(await readUntil(new RegExp(`event: worklist\\ndata: \\{"studyUid":"${fields(1).studyUid.replace(/\./g, '\\.')}"\\}`))).toBe(true);
    // An acknowledgement changes no column of the row; it is announced all the same (pages re-read the reading states on it).
    const unchanged = { readingState: 'in-progress', claimedBy: 'events-test' } as const;
    const third = new RegExp(`"studyUid":"${fields(3).studyUid.replace(/\./g, '\\.')}"`);
    expect(await setReadingState(db.pool, { studyUid: fields(3).studyUid }, unchanged)).toBe(true);
    expect(await readUntil(third)).toBe(true);
    text = '';
    expect(await setReadingState(db.pool, { studyUid: fields(3).studyUid }, unchanged)).toBe(false);
    expect(await readUntil(third)).toBe(true);
    expect(await readUntil(/: heartbeat/)).toBe(true);
    abort.abort();
    await reader.cancel().catch(() => undefined);
  });
});
