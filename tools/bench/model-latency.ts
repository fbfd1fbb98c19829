/**
 * In-browser AI against the native runtime, in one run (issue #5):
 *  - per-model latency and the all-models time per chest study: the app's AI worker in headless Chromium
 *    (onnxruntime-web WASM, as the app configures it — int8 variants that passed their gate —, with the other thread
 *    count, and with the float models) vs onnxruntime-node
 *    (1 thread) running the same analyzeImage on the same decoded chest films;
 *  - Grad-CAM cost: the triage model's analysis with heat maps vs without;
 *  - end-to-end triage: the worklist page triaging the seeded chest studies (QIDO, fetch, decode, models,
 *    SR written to Orthanc) vs the models alone.
 * Throw-away Orthanc seeded with the demo subset, the app built and served by the Dokuei server (pages signed in).
 * Usage: npx tsx tools/bench/model-latency.ts [--runs 20]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { stopGroup } from '../../e2e/support/processes';
import type { GrayImage } from '../../src/domain/ai/image';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import type { ProviderOverride } from '../../src/services/inference/worker/protocol';
import { decodeImageFile } from '../models-eval/decode';
import { loadModelsFromDir } from '../models-eval/models';
import { E2E_SIZES, readLabels } from '../seed/demo-plan';
import { assertDataDir, resolveDataDir, seedDemo } from '../seed/seed';
import { builtAiAssets, openAiHarness, type BuiltAi, type WorkerReady } from './ai/harness';
import { analyzeInProcess, gradcamCost, measureInterleaved, type Analyze, type LatencyFigures } from './ai/latency';
import { measureTriageThroughput } from './ai/triage-throughput';
import { launchChromium } from './env/browser';
import { serveDokuei, stopApp, type DokueiApp } from './env/apps';
import { startBenchOrthanc } from './env/orthanc';
import { writeResults, type BenchFigure } from './lib/results';
import { printTable } from './lib/table';
import { resultRow } from './stats';

/** Real chest films at the size the PACS serves them (1024²), the first of the NIH sample. */
const IMAGE_COUNT = 5;
const TRIAGE_TIMEOUT_MS = 20 * 60_000;
const log = (line: string) => console.log(`bench ai: ${line}`);

/** Starts the app's worker in a fresh page (the app's provider choice unless pinned) and measures it. */
async function inBrowser<T>(
  browser: Browser,
  app: DokueiApp,
  ai: BuiltAi,
  provider: ProviderOverride | undefined,
  images: readonly GrayImage[],
  measure: (analyze: Analyze) => Promise<T>,
) {
  const context = await browser.newContext({ storageState: await app.signedIn() });
  try {
    const harness = await openAiHarness(context, app.origin);
    if (!harness.crossOriginIsolated) log('warning: the page is not cross-origin isolated (no WASM threads)');
    const ready = await harness.start(ai, provider);
    if (ready.refused.length > 0) throw new Error(`models refused in the browser: ${ready.refused.join('; ')}`);
    await harness.upload(images);
    return { ready, figures: await measure((image, explain) => harness.analyzeImage(image, { explain })) };
  } finally {
    await context.close();
  }
}

function chestImages(dataDir: string): GrayImage[] {
  const rows = readLabels(dataDir, 'cxr_nih14_sample').slice(0, IMAGE_COUNT);
  return rows.map((row) => decodeImageFile(join(dataDir, 'cxr_nih14_sample', row.file)));
}

const threadsLabel = (ready: WorkerReady) => `${ready.choice.provider} ${ready.choice.threads} thread${ready.choice.threads === 1 ? '' : 's'}`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } }, strict: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive whole number, got "${values.runs}"`);
  const dataDir = resolveDataDir();
  assertDataDir(dataDir);
  const loadBefore = loadavg()[0];
  const root = mkdtempSync(join(tmpdir(), 'dokuei-bench-ai-'));
  const orthanc = await startBenchOrthanc(join(root, 'orthanc'));
  let app: DokueiApp | undefined;
  let browser: Browser | undefined;
  try {
    log(`Orthanc at ${orthanc.pacs.url}; building the app while seeding (temp root ${root})`);
    const serving = serveDokuei(root, orthanc.pacs);
    const seeded = await seedDemo(orthanc.pacs, { dataDir, sizes: E2E_SIZES, rawDicom: false });
    app = await serving;
    log(`seeded ${seeded.instancesStored} instances; app at ${app.origin}`);

    const images = chestImages(dataDir);
    const nodeModels = await loadModelsFromDir(resolve('models'), createOrtNodeBackend({ threads: 1 }));
    const ids = nodeModels.map((m) => m.manifest.id);
    const triageOnly = nodeModels.filter((m) => m.manifest.id === 'cxr-triage');
    const native = analyzeInProcess(nodeModels);
    log(`onnxruntime-node: Grad-CAM cost on ${images.length} chest films (${images[0].width}×${images[0].height})`);
    const nativeCam = await gradcamCost(analyzeInProcess(triageOnly), images, runs);
    // Every browser configuration is measured interleaved with onnxruntime-node: both see the same load.
    const paired = async (analyze: Analyze) => {
      const [nodeFigures, browserFigures] = await measureInterleaved([native, analyze], images, runs);
      return { native: nodeFigures, browser: browserFigures };
    };

    browser = await launchChromium();
    const dist = app.distDir;
    const all = builtAiAssets(dist, ids);
    log("browser: the app's own provider choice");
    const asApp = await inBrowser(browser, app, all, undefined, images, paired);
    const otherThreads = asApp.ready.choice.threads === 1 ? 2 : 1;
    log(`browser: WASM pinned to ${otherThreads} thread(s)`);
    const other = await inBrowser(browser, app, all, { provider: 'wasm', threads: otherThreads }, images, paired);
    log("browser: the float models, the app's provider choice");
    const float = await inBrowser(browser, app, builtAiAssets(dist, ids, false), undefined, images, paired);
    log('browser: Grad-CAM cost (triage model only)');
    const browserCam = await inBrowser(browser, app, builtAiAssets(dist, ['cxr-triage']), undefined, images, (analyze) => gradcamCost(analyze, images, runs));
    log('browser: end-to-end triage of the worklist');
    const triage = await measureTriageThroughput(browser, app.origin, await app.signedIn(), TRIAGE_TIMEOUT_MS).catch((error: unknown) => {
      log(`end-to-end triage failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    report({ nativeCam, asApp, other, float: float.figures, browserCam: browserCam.figures, triage, load: [loadBefore, loadavg()[0]], runs });
  } finally {
    await browser?.close();
    if (app) await stopApp(app);
    await stopGroup(orthanc.pid);
    if (process.env.DOKUEI_BENCH_KEEP === '1') log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** A browser configuration and the onnxruntime-node reference measured interleaved with it. */
interface Pair {
  native: LatencyFigures;
  browser: LatencyFigures;
}

interface Measured {
  nativeCam: { withCam: number; plain: number };
  asApp: { ready: WorkerReady; figures: Pair };
  other: { ready: WorkerReady; figures: Pair };
  float: Pair;
  browserCam: { withCam: number; plain: number };
  triage: Awaited<ReturnType<typeof measureTriageThroughput>>;
  load: [number, number];
  runs: number;
}

/** Browser ms and its ratio to the onnxruntime-node figure measured with it; `id` undefined: the whole study. */
function cells(pair: Pair, id?: string): [number, number] {
  const browserMs = id === undefined ? pair.browser.study : (pair.browser.models.get(id) ?? NaN);
  const nativeMs = id === undefined ? pair.native.study : (pair.native.models.get(id) ?? NaN);
  return [browserMs, browserMs / nativeMs];
}

function report(m: Measured): void {
  const app = `browser ${threadsLabel(m.asApp.ready)}`;
  const alt = `browser ${threadsLabel(m.other.ready)}`;
  const asApp = m.asApp.figures;
  const rows: BenchFigure[] = [];
  const table: (string | number)[][] = [];
  const reference = (pair: Pair, id: string) => ({ name: 'onnxruntime-node 1 thread, interleaved', value: pair.native.models.get(id) ?? NaN });
  for (const [id, nativeMs] of asApp.native.models) {
    table.push([id, nativeMs, ...cells(asApp, id), ...cells(m.other.figures, id), ...cells(m.float, id)]);
    rows.push(...resultRow(`${id} latency, browser wasm float model (ms)`, cells(m.float, id)[0], 'ms', reference(m.float, id)));
    rows.push(...resultRow(`${id} latency, onnxruntime-node 1 thread (ms)`, nativeMs, 'ms'));
    rows.push(...resultRow(`${id} latency, browser wasm as the app runs it (ms)`, cells(asApp, id)[0], 'ms', reference(asApp, id)));
    rows.push(...resultRow(`${id} latency, ${alt} (ms)`, cells(m.other.figures, id)[0], 'ms', reference(m.other.figures, id)));
  }
  table.push(['all models, one chest study', asApp.native.study, ...cells(asApp), ...cells(m.other.figures), ...cells(m.float)]);
  rows.push(...resultRow('all models per chest study, onnxruntime-node (ms)', asApp.native.study, 'ms'));
  rows.push(
    ...resultRow('all models per chest study, browser wasm as the app runs it (ms)', asApp.browser.study, 'ms', {
      name: 'onnxruntime-node 1 thread, interleaved',
      value: asApp.native.study,
    }),
  );
  console.log(
    `\nmedian of ${m.runs} runs after warm-up, 1024² chest films; "all models" = preprocessing + every model + postprocessing (goal ≤ 150 ms, ratio ≤ 2.0)`,
  );
  console.log(`the app chose: ${m.asApp.ready.choice.reason}`);
  console.log(`the app ran: ${m.asApp.ready.files.join(', ')} (onnxruntime-node: the float models, as the server's workers, 1 intra-op thread)`);
  console.log('each ratio: against onnxruntime-node 1 thread measured interleaved with that browser column (the node column: the one with the app)');
  printTable(['model', 'node 1 thread ms', `${app} ms`, 'ratio', `${alt} ms`, 'ratio', 'browser float models ms', 'ratio'], table, 2);

  console.log('\nGrad-CAM cost: cxr-triage analysis with heat maps vs without (goal ≤ 1.2×)');
  printTable(
    ['runtime', 'with Grad-CAM ms', 'plain ms', 'ratio'],
    [
      ['onnxruntime-node', m.nativeCam.withCam, m.nativeCam.plain, m.nativeCam.withCam / m.nativeCam.plain],
      [app, m.browserCam.withCam, m.browserCam.plain, m.browserCam.withCam / m.browserCam.plain],
    ],
    2,
  );
  rows.push(
    ...resultRow('grad-cam cost, browser wasm as the app runs it (ms)', m.browserCam.withCam, 'ms', {
      name: 'cxr-triage without grad-cam, browser',
      value: m.browserCam.plain,
    }),
  );
  rows.push(
    ...resultRow('grad-cam cost, onnxruntime-node (ms)', m.nativeCam.withCam, 'ms', {
      name: 'cxr-triage without grad-cam, onnxruntime-node',
      value: m.nativeCam.plain,
    }),
  );

  const t = m.triage;
  if (t) {
    console.log(`\nend-to-end triage in the worklist page (${t.provider}): ${t.studies} studies after the first (goal ≤ 1.5× inference)`);
    printTable(
      ['per study', 'ms', 'vs inference'],
      [
        ['inference alone (sum of per-model medians)', t.inferenceMs, 1],
        ['worker: fetch + decode + analysis (median)', t.workerStudyMs, t.workerStudyMs / t.inferenceMs],
        ['end to end: queue, QIDO, worker, SR stored', t.perStudyMs, t.perStudyMs / t.inferenceMs],
      ],
      2,
    );
    console.log(`\nrequests of the worklist page while it triaged ${t.done} chest studies (page and its workers)`);
    printTable(
      ['request', 'count', 'per study'],
      Object.entries(t.requests).map(([kind, count]) => [kind, count, count / t.done]),
      2,
    );
    if (t.cpuPerStudy) {
      const total = t.cpuPerStudy.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(
        `\nwhere the time goes: CPU per study of every process of the bench, over the same ${t.studies} studies (${cpus().length} vCPUs shared with other jobs)`,
      );
      printTable(
        ['process / thread', 'CPU ms per study', 'share'],
        [...t.cpuPerStudy.map(([role, ms]) => [role, ms, ms / total]), ['all of them', total, 1]],
        2,
      );
    }
    rows.push(...resultRow('triage end-to-end per study, browser (ms)', t.perStudyMs, 'ms', { name: 'inference alone, browser', value: t.inferenceMs }));
    rows.push(...resultRow('triage throughput, browser (studies/min)', 60_000 / t.perStudyMs, 'studies/min'));
  } else {
    console.log('\nend-to-end triage: no figure (the worklist did not finish triaging in time, or failed)');
  }
  console.log(
    `\nload average (1 min): ${m.load[0].toFixed(1)} at the start, ${m.load[1].toFixed(1)} at the end, on ${cpus().length} vCPUs shared with other jobs`,
  );
  rows.push(...resultRow('ai bench load average at the end (1 min)', m.load[1], 'load'));
  writeResults(rows, { load: m.load[0], studies: null });
}

main().catch((error: unknown) => {
  console.error(`bench ai: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
