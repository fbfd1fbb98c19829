/**
 * Viewer first image (issue #3): navigation to a study (series) URL → first rendered pixel, in Dokuei,
 * OHIF and the Orthanc Web Viewer; and the main-thread JS heap after opening 30 studies in a row.
 */
import type { Browser } from 'playwright-core';
import { armFirstPixel, freshContext, heapAfterGc, routeTo, waitFirstPixel, type HeapUsage } from './env/browser';
import type { BenchEnv, BenchSeries } from './env';
import type { BenchResult } from './lib/results';
import { printTable } from './lib/table';
import { cell, median, repeat, resultRow } from './stats';

const FIRST_PIXEL_TIMEOUT_MS = 60_000;
const HEAP_STUDIES = 30;

type ViewerId = 'dokuei' | 'ohif' | 'orthanc-webviewer';

interface ViewerPeer {
  id: ViewerId;
  /** Path (or full URL) that opens a study in this viewer. */
  url(series: BenchSeries): string;
}

function viewers(env: BenchEnv): ViewerPeer[] {
  return [
    { id: 'dokuei', url: (s) => `${env.dokuei.origin}/study/${s.studyInstanceUID}` },
    { id: 'ohif', url: (s) => `${env.ohif.origin}/viewer?StudyInstanceUIDs=${s.studyInstanceUID}` },
    { id: 'orthanc-webviewer', url: (s) => `${env.orthanc.pacs.url}/web-viewer/app/viewer.html?series=${s.orthancSeriesId}` },
  ];
}

/** One cold open (fresh context: empty cache) → ms from navigation start to first pixel, or null. */
async function firstPixelOnce(browser: Browser, env: BenchEnv, url: string): Promise<number | null> {
  // The Web Viewer is served by Orthanc itself, which wants the PACS login; the others go through their proxy.
  const context = await freshContext(browser, { credentials: { username: env.orthanc.pacs.username, password: env.orthanc.pacs.password } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await waitFirstPixel(page, FIRST_PIXEL_TIMEOUT_MS);
  } finally {
    await context.close();
  }
}

interface HeapResult extends HeapUsage {
  /** Studies whose image did not appear within the timeout (they were still opened). */
  missed: number;
}

/** Opens `uids` one after another in one page (client-side navigation), then reads the heap after GC. */
async function heapAfterStudies(browser: Browser, origin: string, path: (uid: string) => string, uids: string[]): Promise<HeapResult> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${origin}${path(uids[0])}`);
    let missed = (await waitFirstPixel(page, FIRST_PIXEL_TIMEOUT_MS)) === null ? 1 : 0;
    for (const uid of uids.slice(1)) {
      await armFirstPixel(page);
      await routeTo(page, path(uid));
      if ((await waitFirstPixel(page, FIRST_PIXEL_TIMEOUT_MS)) === null) missed++;
    }
    await page.waitForTimeout(2000);
    return { ...(await heapAfterGc(page)), missed };
  } finally {
    await context.close();
  }
}

export async function runFirstImageBench(browser: Browser, env: BenchEnv, runs: number): Promise<BenchResult[]> {
  console.log(`\nviewer first image: median of ${runs} cold opens (fresh browser context) per viewer and series`);
  const rows: BenchResult[] = [];
  const table: (string | number)[][] = [];
  for (const series of [env.series.cr, env.series.ct]) {
    const medians = new Map<ViewerId, number | null>();
    for (const viewer of viewers(env)) {
      medians.set(viewer.id, median(await repeat(runs, () => firstPixelOnce(browser, env, viewer.url(series)))));
    }
    const dokuei = medians.get('dokuei')!;
    const peers = (['ohif', 'orthanc-webviewer'] as const).filter((id) => medians.get(id) !== null);
    const faster = peers.sort((a, b) => medians.get(a)! - medians.get(b)!)[0];
    const fasterValue = faster ? medians.get(faster)! : null;
    table.push([
      series.label,
      ...[...medians.values()].map((value) => cell(value)),
      faster ?? 'none',
      dokuei !== null && fasterValue ? (dokuei / fasterValue).toFixed(2) : 'n/a',
    ]);
    rows.push(...resultRow(`viewer first-image ${series.label} (ms)`, dokuei, 'ms', faster ? { name: faster, value: fasterValue } : null));
    for (const id of ['ohif', 'orthanc-webviewer'] as const) {
      rows.push(...resultRow(`viewer first-image ${series.label}, ${id} (ms)`, medians.get(id)!, 'ms'));
    }
  }
  printTable(['series', 'Dokuei ms', 'OHIF ms', 'Orthanc WV ms', 'faster peer', 'Dokuei / peer (goal ≤ 0.5)'], table);
  console.log('n/a: no image within 60 s in the first run (the viewer did not render it).');

  const uids = env.demoStudyUIDs.slice(0, HEAP_STUDIES);
  console.log(`\nJS heap after opening ${uids.length} chest X-ray studies in a row (main thread, after GC)`);
  const dokueiHeap = await heapAfterStudies(browser, env.dokuei.origin, (uid) => `/study/${uid}`, uids);
  const ohifHeap = await heapAfterStudies(browser, env.ohif.origin, (uid) => `/viewer?StudyInstanceUIDs=${uid}`, uids);
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
