/**
 * Arrival-time triage (issue #13): do the headless AI workers keep up? The real topology as processes
 * (arrival/topology.ts: private PostgreSQL, Orthanc on its index, the Dokuei server whose watcher
 * enqueues a triage job per StableStudy, `npm run worker` processes through the gateway), fed with real
 * chest films (val/test splits of the demo seed's cxr_nih14_256, tools/seed/arrivals.ts) under new UIDs
 * every run, so nothing is cached:
 *   - worker throughput with 1 and with 2 workers: the workers paused (SIGSTOP, models loaded), a backlog
 *     of --backlog studies STOWed and queued, the workers resumed; time until every study is ranked done;
 *   - arrival to ranked: --arrivals studies STOWed one every --every with 2 workers running; for each, the
 *     time from the STOW response to the first GET /api/worklist (a reader's session, sorted by urgency)
 *     that lists it with its AI result (status done, urgency computed). Polled every 250 ms.
 * Orthanc's StableAge is the launcher's (tools/orthanc/config.ts, the shipped setting; docker-compose the
 * same); the workers and the watcher run with their defaults.
 * Reference of the throughputs: `triage throughput, browser (studies/min)` when model-latency.ts wrote it
 * in this same `npm run bench` run; run alone, onnxruntime-node inference alone (analyzeImage, 1 thread,
 * on the same films in this process, before the topology starts).
 *
 *   npx tsx tools/bench/arrival-triage.ts [--arrivals 100] [--every 2s] [--backlog 30] [--reference-runs 10]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { QUEUE_SCHEMA, TRIAGE_QUEUE } from '../../server/queue/triage-queue';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import { sleep } from '../lib/process';
import { decodeImageFile } from '../models-eval/decode';
import { loadModelsFromDir } from '../models-eval/models';
import { orthancPaths } from '../orthanc/orthanc';
import { ARRIVAL_SET, arrivalPool, buildArrival, parseInterval, type ArrivalPool } from '../seed/arrivals';
import { assertDataDir, resolveDataDir } from '../seed/seed';
import { storeFiles } from '../seed/stow';
import { analyzeInProcess, measureLatency } from './ai/latency';
import { delayUntilDue, dueAt, percentile, perMinute } from './arrival/pacing';
import { type BenchWorker, startTopology, type Topology } from './arrival/topology';
import { type LoggedJob, stageMedians } from './arrival/worker-log';
import { benchRun, type BenchFigure, readResults, runFile, writeResults } from './lib/results';
import { printTable } from './lib/table';
import { cell, resultRow } from './stats';

const BROWSER_THROUGHPUT_ROW = 'triage throughput, browser (studies/min)';
const POLL_MS = 250;
/** An arrival not ranked this long after its STOW fails the bench (the goal is 10 s). */
const ARRIVAL_TIMEOUT_MS = 180_000;
/** Per backlog study, on top of a fixed minute: generous for a loaded 2-core machine. */
const BACKLOG_MS_PER_STUDY = 20_000;
const log = (line: string) => console.log(`bench arrival: ${line}`);

interface Context {
  topology: Topology;
  dataDir: string;
  pool: ArrivalPool;
  run: string;
}

interface Ranked {
  rank: number;
  level: string;
  aiStatus: string;
}

/**
 * The AI is through with a study: `done`, or `not-applicable` with a result (e.g. a film unlike the
 * training data: the worker stores its SR, the row says why) — either is final and ranked.
 */
const FINISHED = new Set(['done', 'not-applicable']);

/** The studies GET /api/worklist lists with their AI result (FINISHED, summary, urgency), by StudyInstanceUID, as a reader's page reads it. */
async function rankedDone(topology: Topology): Promise<Map<string, Ranked>> {
  topology.assertRunning();
  const { cookie } = topology.reader;
  const response = await fetch(`${topology.server.baseURL}/api/worklist?sort=urgency&limit=500`, {
    headers: { Cookie: `${cookie.name}=${cookie.value}`, Accept: 'application/json' },
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`GET /api/worklist: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  const page = (await response.json()) as {
    rows: { studyUid: string; aiStatus: string; aiSummary: unknown; urgency?: { level?: string } }[];
    nextCursor: string | null;
  };
  if (page.nextCursor) throw new Error('the worklist holds more studies than one page of 500: lower --arrivals or --backlog');
  const ranked = new Map<string, Ranked>();
  page.rows.forEach((row, index) => {
    if (FINISHED.has(row.aiStatus) && row.aiSummary && row.urgency?.level)
      ranked.set(row.studyUid, { rank: index + 1, level: row.urgency.level, aiStatus: row.aiStatus });
  });
  return ranked;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

const queuedJobs = async (topology: Topology, states: string[], studyUids?: string[]) =>
  (
    await topology.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state::text = ANY($2::text[]) AND ($3::text[] IS NULL OR singleton_key = ANY($3::text[]))`,
      [TRIAGE_QUEUE, states, studyUids ?? null],
    )
  ).rows[0].n;

/**
 * Between phases: each analysed study becomes stable again (its SR and SEG) and the watcher re-reads it
 * (no new job: the row has the current builds' result). Let that tail pass and the queue empty, so one
 * phase's work does not count in the next.
 */
async function settle(topology: Topology, stableAgeSeconds: number): Promise<void> {
  await sleep((stableAgeSeconds + 3) * 1000);
  await waitFor('the triage queue to drain between phases', 120_000, async () =>
    (await queuedJobs(topology, ['created', 'retry', 'active'])) === 0 ? true : null,
  );
}

interface Throughput {
  workers: number;
  studies: number;
  ms: number;
  perMinute: number;
  /** The workers' own jobs (fetch, decode, models, SEG + SR STOW, row) in this phase, from their logs. */
  jobs: LoggedJob[];
}

async function backlogThroughput(context: Context, workers: BenchWorker[], studies: number): Promise<Throughput> {
  const { topology } = context;
  for (const worker of workers) worker.pause();
  const run = `${context.run}-backlog${workers.length}`;
  const files = Array.from({ length: studies }, (_, i) => buildArrival(context.dataDir, context.pool, run, i, Date.now()));
  const stored = await storeFiles(
    topology.pacs,
    files.map((file) => ({ name: file.study.accessionNumber, bytes: file.bytes })),
  );
  if (stored.rejected.length > 0) throw new Error(`the PACS refused backlog studies: ${JSON.stringify(stored.rejected.slice(0, 3))}`);
  const uids = files.map((file) => file.study.studyInstanceUid);
  await waitFor(`${studies} backlog studies to be queued (StableStudy → watcher → pg-boss)`, 120_000, async () =>
    (await queuedJobs(topology, ['created'], uids)) === studies ? true : null,
  );
  const logged = workers.map((worker) => worker.jobs().length);
  const started = performance.now();
  for (const worker of workers) worker.resume();
  await waitFor(`the backlog of ${studies} studies to be ranked done by ${workers.length} worker(s)`, 60_000 + studies * BACKLOG_MS_PER_STUDY, async () => {
    const ranked = await rankedDone(topology);
    return uids.every((uid) => ranked.has(uid)) ? true : null;
  });
  const ms = performance.now() - started;
  const jobs = workers.flatMap((worker, i) => worker.jobs().slice(logged[i]));
  log(`${studies} studies done by ${workers.length} worker(s) in ${(ms / 1000).toFixed(1)} s`);
  return { workers: workers.length, studies, ms, perMinute: perMinute(studies, ms), jobs };
}

interface ArrivalLatencies {
  /** Seconds from STOW response to ranked, per arrival. */
  seconds: number[];
  /** Arrivals sent more than a second after they were due (the STOW before took too long). */
  late: number;
  /** Urgency levels and AI statuses of the arrivals once ranked: "routine", "done", … → count. */
  outcomes: Record<string, number>;
  jobs: LoggedJob[];
}

async function arrivalLatencies(context: Context, workers: BenchWorker[], count: number, everyMs: number): Promise<ArrivalLatencies> {
  const { topology } = context;
  const run = `${context.run}-arrivals`;
  const stowedAt = new Map<string, number>();
  const seconds = new Map<string, number>();
  const outcomes: Record<string, number> = {};
  const tally = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const logged = workers.map((worker) => worker.jobs().length);
  let sending = true;
  let failure: unknown = null;

  const watch = async () => {
    while (sending || seconds.size < stowedAt.size) {
      const ranked = await rankedDone(topology);
      const now = performance.now();
      for (const [uid, at] of stowedAt) {
        if (seconds.has(uid)) continue;
        const hit = ranked.get(uid);
        if (hit) {
          seconds.set(uid, (now - at) / 1000);
          tally(hit.level);
          tally(hit.aiStatus);
        } else if (now - at > ARRIVAL_TIMEOUT_MS) {
          throw new Error(`study ${uid} not ranked with its AI result ${ARRIVAL_TIMEOUT_MS / 1000} s after its STOW`);
        }
      }
      if (failure) return;
      await sleep(POLL_MS);
    }
  };
  const send = async () => {
    let late = 0;
    const start = performance.now();
    try {
      for (let i = 0; i < count && !failure; i++) {
        if (performance.now() - dueAt(start, i, everyMs) > 1000) late++;
        await sleep(delayUntilDue(start, i, everyMs, performance.now()));
        const arrival = buildArrival(context.dataDir, context.pool, run, i, Date.now());
        const stored = await storeFiles(topology.pacs, [{ name: arrival.study.accessionNumber, bytes: arrival.bytes }]);
        if (stored.stored !== 1) throw new Error(`the PACS refused arrival ${i}: ${stored.rejected[0]?.reason ?? 'unknown'}`);
        stowedAt.set(arrival.study.studyInstanceUid, performance.now());
        if ((i + 1) % 20 === 0) log(`${i + 1}/${count} arrivals stored, ${seconds.size} ranked`);
      }
    } finally {
      sending = false;
    }
    return late;
  };
  const remember = (error: unknown) => {
    failure ??= error;
    throw error;
  };
  const [late] = await Promise.all([send().catch(remember), watch().catch(remember)]);
  const jobs = workers.flatMap((worker, i) => worker.jobs().slice(logged[i]));
  return { seconds: [...seconds.values()], late, outcomes, jobs };
}

/** onnxruntime-node alone on the same films: analyzeImage (every model, pre/postprocessing), 1 thread. */
async function nodeInferencePerMinute(context: Pick<Context, 'dataDir' | 'pool'>, runs: number): Promise<number> {
  const films = [...context.pool.flagged.slice(0, 2), ...context.pool.other.slice(0, 3)];
  const images = films.map((row) => decodeImageFile(join(context.dataDir, ARRIVAL_SET, row.file)));
  const models = await loadModelsFromDir(resolve('models'), createOrtNodeBackend({ threads: 1 }));
  try {
    const { study } = await measureLatency(analyzeInProcess(models), images, runs);
    return 60_000 / study;
  } finally {
    await Promise.all(models.map((model) => model.session.release()));
  }
}

/** The browser's figure when model-latency.ts measured it earlier in this same `npm run bench` run. */
function browserThroughputOfThisRun(): number | null {
  const { run, standalone } = benchRun();
  if (standalone) return null;
  return readResults(runFile(run)).find((row) => row.name === BROWSER_THROUGHPUT_ROW)?.value ?? null;
}

function stableAgeOf(orthancDir: string): number {
  const config = JSON.parse(readFileSync(orthancPaths(orthancDir).config, 'utf8')) as { StableAge?: number };
  return config.StableAge ?? 60; // Orthanc's own default when the option is absent
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      arrivals: { type: 'string', default: '100' },
      every: { type: 'string', default: '2s' },
      backlog: { type: 'string', default: '30' },
      'reference-runs': { type: 'string', default: '10' },
    },
    strict: true,
  });
  const arrivals = Number(values.arrivals);
  const backlog = Number(values.backlog);
  const referenceRuns = Number(values['reference-runs']);
  const everyMs = parseInterval(values.every);
  if (![arrivals, backlog, referenceRuns].every((n) => Number.isInteger(n) && n > 0))
    throw new Error('--arrivals, --backlog and --reference-runs must be positive integers');
  if (!(everyMs > 0)) throw new Error(`--every must be a duration such as 2s or 500ms, got "${values.every}"`);
  if (arrivals + 2 * backlog > 500) throw new Error('--arrivals + 2 × --backlog must fit one worklist page of 500');
  const load = loadavg()[0];
  const dataDir = resolveDataDir();
  assertDataDir(dataDir);
  const pool = arrivalPool(dataDir);

  const browserPerMinute = browserThroughputOfThisRun();
  log(`onnxruntime-node alone on ${ARRIVAL_SET} films (${referenceRuns} analyses after warm-up)`);
  const nodePerMinute = await nodeInferencePerMinute({ dataDir, pool }, referenceRuns);

  const topology = await startTopology(log);
  const interrupted = (signal: string) => {
    log(`${signal}: stopping everything this bench started`);
    void topology.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  try {
    const stableAge = stableAgeOf(join(topology.root, 'orthanc'));
    const context: Context = { topology, dataDir, pool, run: `bench-${Date.now().toString(36)}` };
    const first = await topology.startWorker();
    log(`1 worker ready; backlog of ${backlog} studies`);
    const one = await backlogThroughput(context, [first], backlog);
    await settle(topology, stableAge);
    const second = await topology.startWorker();
    log(`2 workers ready; backlog of ${backlog} studies`);
    const two = await backlogThroughput(context, [first, second], backlog);
    await settle(topology, stableAge);
    log(`2 workers; ${arrivals} arrivals, one every ${everyMs / 1000} s`);
    const latencies = await arrivalLatencies(context, [first, second], arrivals, everyMs);
    report({ load, stableAge, everyMs, one, two, latencies, nodePerMinute, browserPerMinute, arrivals });
  } finally {
    await topology.stop();
  }
}

interface Measured {
  load: number;
  stableAge: number;
  everyMs: number;
  one: Throughput;
  two: Throughput;
  latencies: ArrivalLatencies;
  nodePerMinute: number;
  browserPerMinute: number | null;
  arrivals: number;
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

/** Where a worker's job goes, per phase: median ms of each stage the workers log. */
function printStages(phases: [string, LoggedJob[]][]): void {
  const medians = phases.map(([name, jobs]) => [name, stageMedians(jobs)] as const);
  const names = [...new Set(medians.flatMap(([, m]) => m.stages.map(([stage]) => stage)))];
  console.log("\nworker job stages (median ms, from the workers' logs; store = SEG + SR STOW through the gateway)");
  printTable(
    ['phase', 'jobs', 'job', ...names],
    medians.map(([name, m], i) => [
      name,
      String(phases[i][1].length),
      cell(m.total),
      ...names.map((stage) => cell(m.stages.find(([s]) => s === stage)?.[1] ?? null, 1)),
    ]),
  );
}

function report(m: Measured): void {
  const reference = m.browserPerMinute
    ? { name: `${BROWSER_THROUGHPUT_ROW}, same run`, value: m.browserPerMinute }
    : { name: 'onnxruntime-node inference alone, 1 thread, same run', value: m.nodePerMinute };
  const s = m.latencies.seconds;
  const [p50, p95, max] = [percentile(s, 50), percentile(s, 95), percentile(s, 100)];

  console.log(
    `\narrival to ranked: ${s.length} chest studies STOWed one every ${m.everyMs / 1000} s, 2 workers; Orthanc StableAge ${m.stableAge} s (the launcher's`,
  );
  console.log(
    `setting, as shipped; a study is queued only once it is stable); STOW response → GET /api/worklist lists it with its AI result, polled every ${POLL_MS} ms`,
  );
  printTable(
    ['figure', 'seconds', 'goal'],
    [
      ['p50', cell(p50, 2), ''],
      ['p95', cell(p95, 2), '≤ 10'],
      ['max', cell(max, 2), ''],
      ['worker job, median', cell(seconds(stageMedians(m.latencies.jobs).total), 2), ''],
    ],
    2,
  );
  const outcomes = Object.entries(m.latencies.outcomes)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(', ');
  console.log(`arrivals by urgency and AI status: ${outcomes}; STOWs sent > 1 s late: ${m.latencies.late}`);

  console.log(`\nworker throughput: a backlog of ${m.one.studies} studies queued while the workers were paused, then resumed; until all ranked done`);
  printTable(
    ['runtime', 'studies/min', 'seconds', 'job median ms', `vs ${reference.name}`],
    [
      ['1 worker (npm run worker)', m.one.perMinute, (m.one.ms / 1000).toFixed(1), cell(stageMedians(m.one.jobs).total), m.one.perMinute / reference.value],
      ['2 workers', m.two.perMinute, (m.two.ms / 1000).toFixed(1), cell(stageMedians(m.two.jobs).total), m.two.perMinute / reference.value],
      ['onnxruntime-node inference alone, 1 thread', m.nodePerMinute, '—', (60_000 / m.nodePerMinute).toFixed(0), m.nodePerMinute / reference.value],
      ...(m.browserPerMinute ? [[BROWSER_THROUGHPUT_ROW, m.browserPerMinute, '—', (60_000 / m.browserPerMinute).toFixed(0), 1]] : []),
    ],
    2,
  );
  printStages([
    ['backlog, 1 worker', m.one.jobs],
    ['backlog, 2 workers', m.two.jobs],
    ['arrivals, 2 workers', m.latencies.jobs],
  ]);
  console.log(`load average (1 min): ${m.load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);

  const withStudies = (rows: BenchFigure[], studies: number) => rows.map((row) => ({ ...row, studies }));
  const figures: BenchFigure[] = [
    ...withStudies(resultRow('arrival to ranked p95 (s)', p95, 's'), m.arrivals),
    ...withStudies(resultRow('arrival to ranked p50 (s)', p50, 's'), m.arrivals),
    ...withStudies(resultRow('arrival to ranked max (s)', max, 's'), m.arrivals),
    ...withStudies(resultRow('worker throughput, 1 worker (studies/min)', m.one.perMinute, 'studies/min', reference), m.one.studies),
    ...withStudies(resultRow('worker throughput, 2 workers (studies/min)', m.two.perMinute, 'studies/min', reference), m.two.studies),
    ...resultRow('worker inference alone, onnxruntime-node 1 thread (studies/min)', m.nodePerMinute, 'studies/min'),
  ];
  writeResults(figures, { load: m.load, studies: null });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bench arrival-triage: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
