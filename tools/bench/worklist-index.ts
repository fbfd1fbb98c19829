/**
 * The worklist API at a department's scale: `queryWorklist` (server/worklist/query.ts, the function behind
 * GET /api/worklist) through a real pool on a private PostgreSQL (tools/postgres, temp dir) with the
 * server's migrations, filled with synthetic rows by one INSERT … SELECT generate_series (no DICOM):
 * ~2 % critical, 8 % urgent, 65 % routine, 25 % low (request priority to match), 70 % read (fewer among
 * the last day), arrivals over 90 days, names from a dozen syllables, AI status mostly done.
 * The first page of every sort (server/worklist/sort-keys.ts), both directions, alone and with a modality or
 * unread-only filter, and a second page, timed at 10,000 rows first (the reference of the ratio) and at 1,000,000.
 * Median of 20 after 3 warm-ups (of 3 runs, no warm-up, for a case over 1 s); the total (exact or estimate) comes with every page.
 *
 *   npx tsx tools/bench/worklist-index.ts [--rows 1000000] [--reference-rows 10000] [--runs 20]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { startPostgres, stopPostgres } from '../postgres/postgres';
import { migrate } from '../../server/db/migrate';
import { openDatabase } from '../../server/db/pool';
import { parseWorklistQuery, queryWorklist, type WorklistPage } from '../../server/worklist/query';
import { SORT_COLUMNS } from '../../server/worklist/sort-keys';
import { type BenchFigure, writeResults } from './lib/results';
import { printTable } from './lib/table';
import { median } from './stats';

const WARMUPS = 3;
const SLOW_MS = 1000;
const SLOW_RUNS = 3;

/** One INSERT … SELECT: every column a real row has, realistic mixes, deterministic (setseed). */
const FILL_SQL = `
INSERT INTO worklist (study_uid, orthanc_id, patient_id, patient_name, patient_sex, patient_birth_date, accession,
  study_date, study_time, study_datetime, modality, body_part, description, priority, ai_summary, ai_model_key, ai_status, flagged,
  urgency_level, urgency_score, urgency_reasons, reading_state, claimed_by, arrived_at, waiting_since, updated_at)
SELECT '2.25.9' || g, md5(g::text), 'P' || (g % 250000),
  s[1 + (g * 7) % 12] || s[1 + (g * 13 / 5) % 12] || s[1 + (g / 3) % 12] || '^' || s[1 + (g * 11 / 7) % 12] || s[1 + (g / 17) % 12],
  CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, (19300101 + (g % 80) * 10000 + (g % 12) * 100 + g % 28)::text, 'ACC' || g,
  to_char(arrived, 'YYYYMMDD'), to_char(arrived, 'HH24MISS'), arrived,
  (ARRAY['CR', 'DX', 'CT', 'MR', 'CR', 'DX', 'US', 'CR'])[1 + g % 8], (ARRAY['CHEST', 'CHEST', 'ABDOMEN', 'HEAD', NULL])[1 + g % 5],
  'Study ' || (g % 40),
  CASE level WHEN 3 THEN 'STAT' WHEN 2 THEN 'HIGH' WHEN 1 THEN (ARRAY['ROUTINE', 'MEDIUM', NULL])[1 + g % 3] ELSE 'LOW' END,
  CASE WHEN ai = 'done' THEN jsonb_build_object('status', 'done', 'modelKey', 'bench', 'findings', '[]'::jsonb, 'qaFlags', '[]'::jsonb,
    'lungAreas', '[]'::jsonb, 'positives', CASE WHEN level >= 2 THEN jsonb_build_array('effusion') ELSE '[]'::jsonb END) END,
  CASE WHEN ai = 'done' THEN 'bench' END, ai, ai = 'done' AND level >= 2,
  level,
  CASE level WHEN 3 THEN 1000 + round(r2 * 1100) WHEN 2 THEN 400 + round(r2 * 599) WHEN 1 THEN 100 + round(r2 * 299) ELSE round(r2 * 99) END,
  '[{"kind":"priority","text":"priority ROUTINE","points":100},{"kind":"ai","text":"no AI result","points":50}]'::jsonb,
  state, CASE WHEN state = 'in-progress' THEN 'reader' END, arrived, arrived, arrived
FROM (
  SELECT g, r2, now() - r1 * interval '90 days' AS arrived,
    CASE WHEN r3 < 0.02 THEN 3 WHEN r3 < 0.10 THEN 2 WHEN r3 < 0.75 THEN 1 ELSE 0 END AS level,
    CASE WHEN r4 < 0.03 THEN 'in-progress' WHEN r4 < (CASE WHEN r1 * 90 < 1 THEN 0.2 ELSE 0.71 END) THEN 'read' ELSE 'unread' END AS state,
    CASE WHEN r5 < 0.85 THEN 'done' WHEN r5 < 0.9 THEN 'not-applicable' WHEN r5 < 0.95 THEN 'no-model' ELSE 'pending' END AS ai,
    ARRAY['KA', 'TO', 'MI', 'RU', 'SE', 'NO', 'HA', 'LI', 'ZE', 'BO', 'DA', 'YU'] AS s
  FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5 FROM generate_series(1, $1::int) AS g) AS x
) AS y`;

/**
 * Empties the index and fills it with `rows` synthetic studies. Like a bulk load: the secondary indexes
 * are dropped and rebuilt (same definitions, from pg_indexes) and the per-row NOTIFY trigger is off;
 * the count triggers (statement level) stay on. VACUUM ANALYZE afterwards, as autovacuum would.
 */
async function fill(pool: pg.Pool, rows: number): Promise<{ insertS: number; indexS: number }> {
  const client = await pool.connect();
  try {
    await client.query('TRUNCATE worklist');
    await client.query("SET maintenance_work_mem = '256MB'");
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
       WHERE i.tablename = 'worklist' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
    await client.query('ALTER TABLE worklist DISABLE TRIGGER worklist_changed');
    await client.query('SELECT setseed(0.42)');
    let t = performance.now();
    await client.query(FILL_SQL, [rows]);
    const insertS = (performance.now() - t) / 1000;
    await client.query('ALTER TABLE worklist ENABLE TRIGGER worklist_changed');
    t = performance.now();
    for (const index of indexes) await client.query(index.indexdef);
    const indexS = (performance.now() - t) / 1000;
    await client.query('VACUUM ANALYZE worklist');
    return { insertS, indexS };
  } finally {
    client.release();
  }
}

interface Case {
  label: string;
  /** Row name prefix (the size is added): `worklist api <what> at <size> studies…`. */
  name: (size: string) => string;
  query: Record<string, string>;
  secondPage?: boolean;
}

const FILTERS: { label: string; query: Record<string, string> }[] = [
  { label: '', query: {} },
  { label: 'modality=CR', query: { modality: 'CR' } },
  { label: 'status=unread', query: { status: 'unread' } },
];

/** patientName → "patient name" (the row names the column as a reader would). */
const words = (column: string) => column.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/**
 * Every sort the API offers, both directions, without a filter and with a common one. Urgency ascending
 * (the default) keeps its historical row names: `… at 1M studies (ms)`, `…, status=unread (ms)`.
 */
const CASES: Case[] = [
  ...Object.keys(SORT_COLUMNS).flatMap((column) =>
    (['asc', 'desc'] as const).flatMap((dir) =>
      FILTERS.map((filter): Case => {
        const what = [column === 'urgency' && dir === 'asc' ? '' : `sort by ${words(column)}${dir === 'desc' ? ' desc' : ''}`, filter.label].filter(Boolean);
        return {
          label: [`first page, ${column} ${dir}`, filter.label].filter(Boolean).join(', '),
          name: (n) => `worklist api first page at ${n} studies${what.map((w) => `, ${w}`).join('')} (ms)`,
          query: { sort: column, dir, ...filter.query },
        };
      }),
    ),
  ),
  { label: 'second page (cursor), urgency', name: (n) => `worklist api second page at ${n} studies (ms)`, query: {}, secondPage: true },
];

interface Timing {
  ms: number;
  page: WorklistPage;
}

async function timeCase(pool: pg.Pool, c: Case, runs: number): Promise<Timing> {
  const base = parseWorklistQuery({ ...c.query, limit: '50' });
  const query = c.secondPage ? { ...base, cursor: (await queryWorklist(pool, base)).nextCursor ?? undefined } : base;
  if (c.secondPage && !query.cursor) throw new Error('the first page has no next cursor');
  let page: WorklistPage | null = null;
  const times: number[] = [];
  for (let i = 0; times.length < runs; i++) {
    const start = performance.now();
    page = await queryWorklist(pool, query);
    const ms = performance.now() - start;
    // A case far off the goal skips the warm-ups and is timed SLOW_RUNS times: more runs of seconds tell nothing more.
    if (i >= WARMUPS || ms > SLOW_MS) times.push(ms);
    if (ms > SLOW_MS && times.length >= SLOW_RUNS) break;
  }
  if (!page || page.rows.length === 0) throw new Error(`${c.label}: empty page`);
  return { ms: median(times)!, page };
}

const sizeName = (rows: number) =>
  rows >= 1_000_000 && rows % 1_000_000 === 0 ? `${rows / 1_000_000}M` : rows >= 1000 && rows % 1000 === 0 ? `${rows / 1000}k` : String(rows);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '1000000' }, 'reference-rows': { type: 'string', default: '10000' }, runs: { type: 'string', default: '20' } },
    strict: true,
  });
  const rows = Number(values.rows);
  const referenceRows = Number(values['reference-rows']);
  const runs = Number(values.runs);
  if (![rows, referenceRows, runs].every((n) => Number.isInteger(n) && n > 0)) throw new Error('--rows, --reference-rows and --runs must be positive integers');
  const load = loadavg()[0];

  const root = mkdtempSync(join(tmpdir(), 'dokuei-bench-worklist-'));
  chmodSync(root, 0o711); // as root the cluster runs as `postgres`, which must reach its folder
  const dir = join(root, 'postgres');
  let pool: pg.Pool | null = null;
  try {
    const connection = await startPostgres(dir);
    pool = openDatabase(connection.url, { max: 4, applicationName: 'dokuei-bench' });
    await migrate(pool);
    const measured = new Map<number, Timing[]>();
    for (const size of [referenceRows, rows]) {
      const filled = await fill(pool, size);
      console.log(
        `worklist index: ${size.toLocaleString('en')} rows inserted in ${filled.insertS.toFixed(1)} s, indexes rebuilt in ${filled.indexS.toFixed(1)} s`,
      );
      const timings: Timing[] = [];
      for (const c of CASES) timings.push(await timeCase(pool, c, runs));
      measured.set(size, timings);
    }
    const reference = measured.get(referenceRows)!;
    const large = measured.get(rows)!;
    console.log(
      `\nqueryWorklist (limit 50) through a pool of 4, median of ${runs} after ${WARMUPS} warm-ups (${SLOW_RUNS} runs over ${SLOW_MS} ms); load average ${load.toFixed(1)} at the start`,
    );
    printTable(
      [
        'query',
        `${sizeName(referenceRows)} ms`,
        `${sizeName(rows)} ms`,
        `${sizeName(rows)} / ${sizeName(referenceRows)}`,
        `total at ${sizeName(rows)}`,
        'goal ≤ 50 ms',
      ],
      CASES.map((c, i) => [
        c.label,
        reference[i].ms,
        large[i].ms,
        (large[i].ms / reference[i].ms).toFixed(2),
        `${large[i].page.total.toLocaleString('en')}${large[i].page.totalExact ? ' exact' : ' estimate'}`,
        large[i].ms <= 50 ? 'met' : 'NOT met',
      ]),
    );
    const figures: BenchFigure[] = [];
    const round = (value: number) => Number(value.toFixed(2));
    CASES.forEach((c, i) => {
      figures.push({
        name: c.name(sizeName(rows)),
        value: round(large[i].ms),
        unit: 'ms',
        reference: `the same query at ${sizeName(referenceRows)} studies, same run`,
        ratio: round(large[i].ms / reference[i].ms),
        studies: rows,
      });
      figures.push({ name: c.name(sizeName(referenceRows)), value: round(reference[i].ms), unit: 'ms', reference: null, ratio: null, studies: referenceRows });
    });
    writeResults(figures, { load, studies: rows });
  } finally {
    await pool?.end().catch(() => undefined);
    await stopPostgres(dir);
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench worklist-index: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
