/**
 * Viewer first image (issue #3): navigation to a study (series) URL → first rendered pixel, in Dokuei,
 * OHIF and the Orthanc Web Viewer; and the main-thread JS heap after opening 30 studies in a row.
 */
import type { Browser, Page } from 'playwright-core';
import { FIRST_IMAGE_MARKS } from '../../src/domain/viewer/first-image-marks';
import { armFirstPixel, firstPixelFired, freshContext, heapAfterGc, routeTo, type HeapUsage } from './env/browser';
import type { BenchEnv, BenchSeries } from './env';
import type { BenchFigure } from './lib/results';
import { webViewerInstalled } from './env/orthanc';
import { printTable } from './lib/table';
import { cell, median, repeat, resultRow } from './stats';
import { FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID } from '../../src/domain/viewer/first-image-hint';
import { PREVIEW_KEPT_TIMING } from '../../server/gateway/rendered-previews';

const FIRST_PIXEL_TIMEOUT_MS = 60_000;
const FIRST_IMAGE_NAMED_TIMEOUT_MS = 15_000;
const HEAP_STUDIES = 30;

type ViewerId = 'dokuei' | 'ohif' | 'orthanc-webviewer';

interface ViewerPeer {
  id: ViewerId;
  /** Path (or full URL) that opens a study in this viewer. */
  url(series: BenchSeries): string;
}

function viewers(env: BenchEnv): ViewerPeer[] {
  return [
    { id: 'dokuei', url: (s) => `${env.dokuei.origin}/study/${s.studyInstanceUid}` },
    { id: 'ohif', url: (s) => `${env.ohif.origin}/viewer?StudyInstanceUIDs=${s.studyInstanceUid}` },
    // A peer that is not installed is said so, never timed (GUIDE §5).
    ...(webViewerInstalled()
      ? [{ id: 'orthanc-webviewer' as const, url: (s: BenchSeries) => `${env.orthanc.pacs.url}/web-viewer/app/viewer.html?series=${s.orthancSeriesId}` }]
      : []),
  ];
}

/**
 * Dokuei's way to its first image, in the usual order; each step's time since navigation start. The
 * first pixel is the rendered preview (the page shell's, else the viewer's) when it comes before the
 * decoded frame ('image decoded, drawing').
 */
const STEPS = [
  'page HTML received',
  'preview render started or kept by the server',
  'preview carried in the page',
  'app code run (DOMContentLoaded)',
  'series list received',
  'study metadata received',
  'rendered preview requested',
  'rendered preview sent (a connection free)',
  'rendered preview answer starts',
  'study opened',
  'series metadata in',
  'rendered preview received',
  'preview painted by the page shell',
  'rendered preview painted',
  'first frame requested',
  'first frame received',
  'image decoded, drawing',
  'first pixel',
] as const;
type Steps = Partial<Record<(typeof STEPS)[number], number>>;

/** The page's own timings: user-timing marks of src/domain/viewer/first-image-marks.ts and the resource timing of the first frame. */
function readSteps(page: Page, firstPixel: number): Promise<Steps> {
  // No named helpers inside: tsx would wrap them in its own __name(), which the page does not have.
  return page.evaluate(
    ([marks, pixel, kept, carriedId]) => {
      const mark: Record<string, number> = Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]));
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      // The preview request always has a query (viewport=…); the app's rendered-preview-*.js chunk, also under a '/rendered' name, has none.
      const preview = resources.find((e) => e.name.includes('/rendered?'));
      const frame = resources.find((e) => e.name.includes('/frames/') && !e.name.includes('/rendered'));
      const [seriesList, studyMetadata] = ['/series', '/metadata'].map((suffix) => resources.find((e) => e.name.endsWith(suffix))?.responseEnd);
      return {
        'page HTML received': navigation?.responseEnd,
        // By the time it sent the page (server/gateway/rendered-previews.ts): the preview's answer says so in its Server-Timing.
        'preview render started or kept by the server': preview?.serverTiming.some((t) => t.name === kept) ? navigation?.responseStart : undefined,
        // The server had it whole and put it into the page (server/static/spa-plugin.ts): no request at all.
        'preview carried in the page': document.getElementById(carriedId) ? navigation?.responseEnd : undefined,
        'app code run (DOMContentLoaded)': navigation?.domContentLoadedEventEnd,
        'series list received': seriesList,
        'study metadata received': studyMetadata,
        'rendered preview requested': preview?.startTime,
        'rendered preview sent (a connection free)': preview?.requestStart,
        'rendered preview answer starts': preview?.responseStart,
        'study opened': mark[marks.open],
        'series metadata in': mark[marks.metadata],
        'rendered preview received': preview?.responseEnd,
        'preview painted by the page shell': mark[marks.shell],
        'rendered preview painted': mark[marks.preview],
        'first frame requested': frame?.startTime,
        'first frame received': frame?.responseEnd,
        'image decoded, drawing': mark[marks.shown],
        'first pixel': pixel,
      };
    },
    [FIRST_IMAGE_MARKS, firstPixel, PREVIEW_KEPT_TIMING, FIRST_IMAGE_PREVIEW_ID] as const,
  );
}

interface OpenResult {
  firstPixel: number | null;
  steps: Steps | null;
}

/** One cold open (fresh context: empty cache) → ms from navigation start to first pixel (null: none), and Dokuei's steps. */
async function firstPixelOnce(browser: Browser, env: BenchEnv, viewer: ViewerId, url: string): Promise<OpenResult> {
  // The Web Viewer is served by Orthanc itself, which wants the PACS login; the others go through the
  // Dokuei server, which wants a session.
  const context = await freshContext(
    browser,
    viewer === 'orthanc-webviewer'
      ? { credentials: { username: env.orthanc.pacs.username, password: env.orthanc.pacs.password } }
      : { signedIn: await env.dokuei.signedIn() },
  );
  try {
    const page = await context.newPage();
    // The clock is the page's own (navigation start): waiting for 'load' would only add a chance to time out.
    const fired = firstPixelFired(page, FIRST_PIXEL_TIMEOUT_MS);
    await page.goto(url, { waitUntil: 'commit' });
    const firstPixel = await fired;
    const steps = firstPixel !== null && viewer === 'dokuei' ? await readSteps(page, firstPixel) : null;
    return { firstPixel, steps };
  } finally {
    await context.close();
  }
}

/**
 * Whether Dokuei's page for the study names its first image (server/worklist/first-image.ts): in production
 * the worker does at arrival; the bench runs no worker, so the untimed first open has the server do it.
 */
async function firstImageNamed(env: BenchEnv, studyInstanceUid: string): Promise<boolean> {
  const cookie = (await env.dokuei.signedIn()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const deadline = Date.now() + FIRST_IMAGE_NAMED_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const page = await fetch(`${env.dokuei.origin}/study/${studyInstanceUid}`, { headers: { cookie } });
    if ((await page.text()).includes(`id="${FIRST_IMAGE_HINT_ID}"`)) return true;
    await new Promise((done) => setTimeout(done, 250));
  }
  return false;
}

/** Median time of each step over the runs, in time order, and what that step added to the one before. */
function printSteps(label: string, runs: Steps[]): void {
  let previous = 0;
  const rows = STEPS.flatMap((step) => {
    const at = median(runs.map((r) => r[step] ?? null));
    return at === null ? [] : [{ step, at }];
  })
    .sort((a, b) => a.at - b.at)
    .map(({ step, at }) => {
      const row = [step, at, at - previous];
      previous = at;
      return row;
    });
  console.log(`\nDokuei, ${label}: where the time goes (median of ${runs.length} runs, ms since navigation start)`);
  printTable(['step', 'at ms', '+ ms'], rows, 0);
}

interface HeapResult extends HeapUsage {
  /** Studies whose image did not appear within the timeout (they were still opened). */
  missed: number;
}

/** Opens `uids` one after another in one page (client-side navigation), then reads the heap after GC. */
async function heapAfterStudies(browser: Browser, env: BenchEnv, origin: string, path: (uid: string) => string, uids: string[]): Promise<HeapResult> {
  const context = await freshContext(browser, { signedIn: await env.dokuei.signedIn() });
  try {
    const page = await context.newPage();
    const first = firstPixelFired(page, FIRST_PIXEL_TIMEOUT_MS);
    await page.goto(`${origin}${path(uids[0])}`);
    let missed = (await first) === null ? 1 : 0;
    for (const uid of uids.slice(1)) {
      await armFirstPixel(page);
      const next = firstPixelFired(page, FIRST_PIXEL_TIMEOUT_MS);
      await routeTo(page, path(uid));
      if ((await next) === null) missed++;
    }
    await page.waitForTimeout(2000);
    return { ...(await heapAfterGc(page)), missed };
  } finally {
    await context.close();
  }
}

export async function runFirstImageBench(browser: Browser, env: BenchEnv, runs: number): Promise<BenchFigure[]> {
  console.log(`\nviewer first image: median of ${runs} cold opens (fresh browser context) per viewer and series, after one untimed open`);
  console.log(
    "(the untimed open warms what a server keeps: the Web Viewer its image cache, Dokuei the first image it names in the page and the reader's screen)",
  );
  const rows: BenchFigure[] = [];
  const table: (string | number)[][] = [];
  const breakdowns: [string, Steps[]][] = [];
  for (const series of [env.series.cr, env.series.ct]) {
    const medians = new Map<ViewerId, number | null>();
    for (const viewer of viewers(env)) {
      // A viewer that shows nothing in the untimed open is not timed (n/a), rather than waited for again.
      if ((await firstPixelOnce(browser, env, viewer.id, viewer.url(series))).firstPixel === null) {
        medians.set(viewer.id, null);
        continue;
      }
      if (viewer.id === 'dokuei' && !(await firstImageNamed(env, series.studyInstanceUid)))
        console.log(`Dokuei did not name the first image of ${series.label}`);
      const steps: Steps[] = [];
      const times = await repeat(runs, async () => {
        const result = await firstPixelOnce(browser, env, viewer.id, viewer.url(series));
        if (result.steps) steps.push(result.steps);
        return result.firstPixel;
      });
      medians.set(viewer.id, median(times));
      if (steps.length > 0) breakdowns.push([series.label, steps]);
    }
    const dokuei = medians.get('dokuei')!;
    const peers = (['ohif', 'orthanc-webviewer'] as const).filter((id) => (medians.get(id) ?? null) !== null);
    const faster = peers.sort((a, b) => medians.get(a)! - medians.get(b)!)[0];
    const fasterValue = faster ? medians.get(faster)! : null;
    table.push([
      series.label,
      ...(['dokuei', 'ohif', 'orthanc-webviewer'] as const).map((id) => (medians.has(id) ? cell(medians.get(id)!) : 'not installed')),
      faster ?? 'none',
      dokuei !== null && fasterValue ? (dokuei / fasterValue).toFixed(2) : 'n/a',
    ]);
    rows.push(...resultRow(`viewer first-image ${series.label} (ms)`, dokuei, 'ms', faster ? { name: faster, value: fasterValue } : null));
    for (const id of ['ohif', 'orthanc-webviewer'] as const) {
      if (medians.has(id)) rows.push(...resultRow(`viewer first-image ${series.label}, ${id} (ms)`, medians.get(id)!, 'ms'));
    }
  }
  printTable(['series', 'Dokuei ms', 'OHIF ms', 'Orthanc WV ms', 'faster peer', 'Dokuei / peer (goal ≤ 0.5)'], table);
  console.log('n/a: no image within 60 s in the untimed open (the viewer did not render it).');
  if (!webViewerInstalled()) console.log('peer orthanc-webviewer not installed (Debian package orthanc-webviewer): not timed, no row.');
  for (const [label, steps] of breakdowns) printSteps(label, steps);

  const uids = env.demoStudyUIDs.slice(0, HEAP_STUDIES);
  console.log(`\nJS heap after opening ${uids.length} chest X-ray studies in a row (main thread, after GC)`);
  const dokueiHeap = await heapAfterStudies(browser, env, env.dokuei.origin, (uid) => `/study/${uid}`, uids);
  const ohifHeap = await heapAfterStudies(browser, env, env.ohif.origin, (uid) => `/viewer?StudyInstanceUIDs=${uid}`, uids);
  printTable(
    ['viewer', 'JS heap MB', 'ArrayBuffers MB', 'studies without image'],
    [dokueiHeap, ohifHeap].map((heap, i) => [['Dokuei', 'OHIF'][i], heap.jsHeapMB, heap.arrayBuffersMB, String(heap.missed)]),
  );
  const name = (what: string, suffix = '') => `viewer ${what} after ${uids.length} studies${suffix} (MB)`;
  rows.push(
    ...resultRow(name('JS heap'), dokueiHeap.jsHeapMB, 'MB', { name: 'ohif', value: ohifHeap.jsHeapMB }),
    ...resultRow(name('JS heap', ', ohif'), ohifHeap.jsHeapMB, 'MB'),
    ...resultRow(name('ArrayBuffers'), dokueiHeap.arrayBuffersMB, 'MB', { name: 'ohif', value: ohifHeap.arrayBuffersMB }),
    ...resultRow(name('ArrayBuffers', ', ohif'), ohifHeap.arrayBuffersMB, 'MB'),
  );
  return rows;
}
