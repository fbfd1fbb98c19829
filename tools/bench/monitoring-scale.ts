/**
 * The monitoring page at a department's scale. A private PostgreSQL (tools/postgres, temp dir) with the
 * server's migrations, filled with synthetic monitoring rows (lib/synthetic-monitoring.ts: one AI result
 * per study, 3 labels, 40 % assessed, over 26 weeks, the rows the watcher writes from real SRs), then:
 *   - "monitoring page ready": what the page waits for before it draws, end to end over HTTP: GET
 *     /api/monitoring through the real Dokuei server (buildServer: Host check, auth with a service bearer
 *     token, the plugin, JSON) on 127.0.0.1, the body parsed and mapped to the page's view (viewFromServer);
 *     the React render of a few dozen SVG elements is not timed;
 *   - "monitoring report SQL": monitoringReport alone (server/monitoring/report.ts, one read-only snapshot).
 * Median of 10 after one warm-up of each, at 10,000 studies and at 1,000 (the reference of the ratio), same run.
 *
 *   npx tsx tools/bench/monitoring-scale.ts [--studies 10000] [--reference-studies 1000] [--runs 10] [--labels 3]
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { startPostgres, stopPostgres } from '../postgres/postgres';
import { startServer } from '../../server/app';
import { sha256 } from '../../server/auth/tokens';
import type { ServerConfig } from '../../server/config';
import { migrate } from '../../server/db/migrate';
import { openDatabase } from '../../server/db/pool';
import { monitoringReport } from '../../server/monitoring/report';
import { assertServerReport, viewFromServer } from '../../src/services/reading/monitoring/view';
import { type BenchFigure, writeResults } from './lib/results';
import { fillSyntheticMonitoring } from './lib/synthetic-monitoring';
import { printTable } from './lib/table';
import { median } from './stats';

const TOKEN = 'dokuei_bench-monitoring-token';

interface Measured {
  studies: number;
  fillMs: number;
  findings: number;
  decisions: number;
  /** monitoringReport, median ms. */
  sqlMs: number;
  /** GET /api/monitoring → JSON → view, median ms. */
  pageMs: number;
  /** The report's own `ms` (database time as the server measures it), median. */
  serverMs: number;
  bytes: number;
}

async function timed<T>(runs: number, once: () => Promise<T>): Promise<{ ms: number; last: T }> {
  let last = await once(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await once();
    times.push(performance.now() - started);
  }
  return { ms: median(times)!, last };
}

async function measure(pool: pg.Pool, url: string, studies: number, labels: number, runs: number): Promise<Measured> {
  await pool.query('TRUNCATE monitoring_documents, ai_results, ai_findings, reader_decisions');
  const fillStarted = performance.now();
  const sizes = await fillSyntheticMonitoring(pool, { studies, labels });
  const fillMs = performance.now() - fillStarted;

  const sql = await timed(runs, () => monitoringReport(pool));
  const aiResults = sql.last.models.reduce((n, m) => n + m.aiResults, 0);
  if (aiResults !== studies) throw new Error(`monitoringReport counts ${aiResults} AI results, not ${studies}`);

  const serverMs: number[] = [];
  let bytes = 0;
  const page = await timed(runs, async () => {
    const response = await fetch(`${url}/api/monitoring`, { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET /api/monitoring: HTTP ${response.status} ${text.slice(0, 200)}`);
    const body: unknown = JSON.parse(text);
    assertServerReport(body);
    const view = viewFromServer(body);
    serverMs.push(body.ms);
    bytes = text.length;
    return view;
  });
  if (page.last.source.where !== 'server' || page.last.source.aiResults !== studies) throw new Error('the page view does not count every study');
  return { studies, fillMs, findings: sizes.findings, decisions: sizes.decisions, sqlMs: sql.ms, pageMs: page.ms, serverMs: median(serverMs.slice(1))!, bytes };
}

const sizeName = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      studies: { type: 'string', default: '10000' },
      'reference-studies': { type: 'string', default: '1000' },
      runs: { type: 'string', default: '10' },
      labels: { type: 'string', default: '3' },
    },
    strict: true,
  });
  const studies = Number(values.studies);
  const referenceStudies = Number(values['reference-studies']);
  const runs = Number(values.runs);
  const labels = Number(values.labels);
  if (![studies, referenceStudies, runs, labels].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--studies, --reference-studies, --runs and --labels must be positive integers');
  const load = loadavg()[0];

  const root = mkdtempSync(join(tmpdir(), 'dokuei-bench-monitoring-'));
  chmodSync(root, 0o711); // as root the cluster runs as `postgres`, which must reach its folder
  const dir = join(root, 'postgres');
  let pool: pg.Pool | null = null;
  let app: FastifyInstance | null = null;
  try {
    const connection = await startPostgres(dir);
    pool = openDatabase(connection.url, { max: 4, applicationName: 'dokuei-bench' });
    await migrate(pool);

    // The real server, without a PACS or a built app: only /api/monitoring is asked, as a service account.
    const state = join(root, 'server');
    mkdirSync(join(state, 'dist'), { recursive: true });
    const usersFile = join(state, 'users.json');
    writeFileSync(usersFile, JSON.stringify({ users: [{ name: 'bench', passwordHash: '', role: 'service', tokenHash: sha256(TOKEN) }] }), { mode: 0o600 });
    const config: ServerConfig = {
      port: 0,
      host: '127.0.0.1',
      extraHosts: [],
      publicOrigin: null,
      trustProxy: false,
      tls: null,
      distDir: join(state, 'dist'),
      stateDir: state,
      usersFile,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      pacs: null,
    };
    const started = await startServer(config, { db: pool, logger: false });
    app = started.app;

    const reference = await measure(pool, started.url, referenceStudies, labels, runs);
    const large = await measure(pool, started.url, studies, labels, runs);

    console.log(`\nmonitoring, ${labels} labels per AI result; median of ${runs} after a warm-up; load average ${load.toFixed(1)} at the start`);
    printTable(
      ['studies', 'findings', 'decisions', 'fill ms', 'report SQL ms', 'server-side ms', 'page ready (HTTP + JSON + view) ms', 'JSON KiB'],
      [reference, large].map((m) => [
        m.studies.toLocaleString('en'),
        m.findings.toLocaleString('en'),
        m.decisions.toLocaleString('en'),
        m.fillMs,
        m.sqlMs,
        m.serverMs,
        m.pageMs,
        m.bytes / 1024,
      ]),
    );
    console.log(
      `${sizeName(studies)} / ${sizeName(referenceStudies)}: report SQL ${(large.sqlMs / reference.sqlMs).toFixed(2)}, page ready ${(large.pageMs / reference.pageMs).toFixed(2)}`,
    );

    const round = (value: number) => Number(value.toFixed(2));
    const same = `the same at ${sizeName(referenceStudies)} studies, same run`;
    const figures: BenchFigure[] = [
      {
        name: `monitoring page ready ${sizeName(studies)} studies (ms)`,
        value: round(large.pageMs),
        unit: 'ms',
        reference: same,
        ratio: round(large.pageMs / reference.pageMs),
        studies,
      },
      {
        name: `monitoring page ready ${sizeName(referenceStudies)} studies (ms)`,
        value: round(reference.pageMs),
        unit: 'ms',
        reference: null,
        ratio: null,
        studies: referenceStudies,
      },
      {
        name: `monitoring report SQL ${sizeName(studies)} studies (ms)`,
        value: round(large.sqlMs),
        unit: 'ms',
        reference: same,
        ratio: round(large.sqlMs / reference.sqlMs),
        studies,
      },
      {
        name: `monitoring report SQL ${sizeName(referenceStudies)} studies (ms)`,
        value: round(reference.sqlMs),
        unit: 'ms',
        reference: null,
        ratio: null,
        studies: referenceStudies,
      },
    ];
    writeResults(figures, { load, studies });
  } finally {
    await app?.close().catch(() => undefined);
    await pool?.end().catch(() => undefined);
    await stopPostgres(dir);
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench monitoring-scale: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
