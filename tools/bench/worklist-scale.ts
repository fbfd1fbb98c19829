/**
 * Worklist at scale (issue #2): navigation → first study rows visible, and click on the patient-name
 * header → rows shown in the new order, for Dokuei's worklist and OHIF's study list on the same PACS.
 * Dokuei's worklist reads the server's index (GET /api/worklist, keyset pages of DEFAULT_PAGE_SIZE,
 * sorted in SQL); OHIF queries QIDO through the same server. A Dokuei page that did not read the index
 * (the browser's own QIDO walk, a server without a database) fails the bench rather than be timed.
 */
import type { Browser, Page } from 'playwright-core';
import { APP_STARTED_MARK } from '../../src/app/app-gate';
import { FIRST_ROWS_IN_STORE_MARK } from '../../src/services/worklist/first-page';
import { DEFAULT_PAGE_SIZE } from '../../src/services/worklist/index-pager';
import { WORKLIST_COLUMNS } from '../../src/ui/worklist/columns';
import { firstRowsFired, freshContext, measureSort } from './env/browser';
import type { BenchEnv } from './env';
import type { BenchFigure } from './lib/results';
import { printTable } from './lib/table';
import { cell, median, repeat, resultRow, withTimeout } from './stats';

interface ListPeer {
  id: 'dokuei' | 'ohif';
  origin: string;
  rowSelector: string;
  sortHeader: string;
  /** Element holding the sort key inside a row (null: the row's first cell). */
  sortKey: string | null;
  /** How many studies the list says it holds, read from the page. */
  listed(page: Page): Promise<number | null>;
  /** How many of the PACS's studies this list means to show once loaded. */
  expected(total: number): number;
  /** A pattern (RegExp source) of its study query's URL, for the first-rows breakdown. */
  studyQuery: string;
}

const PATIENT_NAME_COLUMN = WORKLIST_COLUMNS.findIndex((column) => column.id === 'patientName') + 1;
const LOAD_TIMEOUT_MS = 300_000;
const SORT_TIMEOUT_MS = 60_000;
const NETWORK_IDLE_MS = 10_000;
const OHIF_QIDO_LIMIT = 101;

function peers(env: BenchEnv): ListPeer[] {
  return [
    {
      id: 'dokuei',
      origin: env.dokuei.origin,
      rowSelector: '[role=row][data-study-uid]',
      sortHeader: `[role=columnheader]:nth-child(${PATIENT_NAME_COLUMN}) button`,
      sortKey: '.worklist-cell-patientName',
      listed: (page) => page.$eval('[role=grid]', (grid) => Number(grid.getAttribute('aria-rowcount')) - 1),
      // The first page of the index; more are loaded as the reader scrolls.
      expected: (total) => Math.min(total, DEFAULT_PAGE_SIZE),
      // The first page, not the `?limit=1` probe that tells the index is there.
      studyQuery: String.raw`/api/worklist\?(?!limit=1$)`,
    },
    {
      id: 'ohif',
      origin: env.ohif.origin,
      rowSelector: 'table tbody tr[aria-selected]',
      sortHeader: '[aria-label="Sort Patient"]',
      sortKey: null,
      // OHIF's pager reads "1-50 of 101".
      listed: async (page) => {
        const match = /\d+\s*-\s*\d+\s+of\s+(\d+)/.exec(await page.innerText('body'));
        return match ? Number(match[1]) : null;
      },
      // OHIF asks QIDO for limit=101 studies and lists those.
      expected: (total) => Math.min(total, OHIF_QIDO_LIMIT),
      studyQuery: String.raw`/dicom-web/studies\?`,
    },
  ];
}

/** Where the first-rows time goes, from the page's own timings (ms since navigation start). */
interface FirstRowsBreakdown {
  /** The page's scripts loaded and run (DOMContentLoaded end; Dokuei: its small entry, which then imports the app). */
  codeReady: number | null;
  /** Dokuei only: the app's chunk starts running (before React's first render). */
  appStarted: number | null;
  /** The first study query (Dokuei: GET /api/worklist; OHIF: QIDO) sent and answered. */
  querySent: number | null;
  queryAnswered: number | null;
  /** Dokuei only: the first page's rows are in the worklist store (then React renders them). */
  rowsInStore: number | null;
}

const BREAKDOWN_STEPS: [keyof FirstRowsBreakdown, string][] = [
  ['codeReady', 'page scripts run (DOMContentLoaded)'],
  ['appStarted', 'app chunk runs (Dokuei)'],
  ['querySent', 'first study query sent'],
  ['queryAnswered', 'first study query answered'],
  ['rowsInStore', 'rows in the store (Dokuei)'],
];

const readBreakdown = (page: Page, studyQuery: string): Promise<FirstRowsBreakdown> =>
  page.evaluate(
    ([pattern, appMark, rowsMark]) => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const query = performance.getEntriesByType('resource').find((entry) => new RegExp(pattern).test(entry.name)) as PerformanceResourceTiming | undefined;
      return {
        codeReady: navigation?.domContentLoadedEventEnd ?? null,
        querySent: query?.startTime ?? null,
        queryAnswered: query?.responseEnd ?? null,
        appStarted: performance.getEntriesByName(appMark, 'mark')[0]?.startTime ?? null,
        rowsInStore: performance.getEntriesByName(rowsMark, 'mark')[0]?.startTime ?? null,
      };
    },
    [studyQuery, APP_STARTED_MARK, FIRST_ROWS_IN_STORE_MARK] as const,
  );

/** Whether the page asked Orthanc's QIDO for a study list (`/dicom-web/studies?…`), i.e. walked the PACS itself. */
const walkedQido = (page: Page): Promise<boolean> =>
  page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/dicom-web\/studies\?/.test(entry.name)));

interface ListRun extends FirstRowsBreakdown {
  firstRows: number | null;
  /** Navigation start → the list holds every study it means to show (polled every 250 ms). */
  allRows: number | null;
  sort: number | null;
  listed: number | null;
}

/** Polls the listed count until it reaches `expected`; the page's clock then, or null at the deadline. */
async function waitAllRows(page: Page, peer: ListPeer, expected: number, deadline: number): Promise<number | null> {
  while (Date.now() < deadline) {
    if (((await peer.listed(page).catch(() => null)) ?? 0) >= expected) return page.evaluate(() => performance.now());
    await page.waitForTimeout(250);
  }
  return null;
}

/** One cold load in a fresh context: first rows, every row, then one sort of the loaded list. */
async function measureOnce(browser: Browser, env: BenchEnv, peer: ListPeer, total: number): Promise<ListRun> {
  // Both lists query the PACS through the Dokuei server: signed in, as a reader would be.
  const context = await freshContext(browser, { rowSelector: peer.rowSelector, signedIn: await env.dokuei.signedIn() });
  try {
    const page = await context.newPage();
    const deadline = Date.now() + LOAD_TIMEOUT_MS;
    const fired = firstRowsFired(page, LOAD_TIMEOUT_MS);
    await page.goto(`${peer.origin}/`);
    const firstRows = await fired;
    const breakdown = await readBreakdown(page, peer.studyQuery);
    if (peer.id === 'dokuei' && (breakdown.querySent === null || (await walkedQido(page))))
      throw new Error("Dokuei's worklist did not read the server's index (GET /api/worklist): is the server started with its database?");
    if (firstRows === null) return { firstRows, ...breakdown, allRows: null, sort: null, listed: null };
    const allRows = await waitAllRows(page, peer, peer.expected(total), deadline);
    // The list is complete; the AI triage may go on fetching images in the background for thousands
    // of studies, so the network may never fall quiet: wait for it a bounded time only.
    await page.waitForLoadState('networkidle', { timeout: NETWORK_IDLE_MS }).catch(() => undefined);
    const listed = await peer.listed(page);
    const sort = await withTimeout(measureSort(page, peer.sortHeader, peer.sortKey), SORT_TIMEOUT_MS);
    return { firstRows, ...breakdown, allRows, sort, listed };
  } finally {
    await context.close();
  }
}

const countLabel = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export async function runWorklistBench(browser: Browser, env: BenchEnv, runs: number): Promise<BenchFigure[]> {
  console.log(`\nworklist at scale: ${env.studyCount} studies in the PACS, median of ${runs} cold loads each`);
  const summary = new Map<ListPeer['id'], ListRun>();
  for (const peer of peers(env)) {
    const results: ListRun[] = [];
    await repeat(runs, async () => {
      const run = await measureOnce(browser, env, peer, env.studyCount);
      results.push(run);
      return run.firstRows;
    });
    summary.set(peer.id, {
      firstRows: median(results.map((r) => r.firstRows)),
      codeReady: median(results.map((r) => r.codeReady)),
      appStarted: median(results.map((r) => r.appStarted)),
      querySent: median(results.map((r) => r.querySent)),
      queryAnswered: median(results.map((r) => r.queryAnswered)),
      rowsInStore: median(results.map((r) => r.rowsInStore)),
      allRows: median(results.map((r) => r.allRows)),
      sort: median(results.map((r) => r.sort)),
      listed: results[0].listed,
    });
  }
  const dokuei = summary.get('dokuei')!;
  const ohif = summary.get('ohif')!;
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? (a / b).toFixed(2) : 'n/a');
  printTable(
    ['figure', 'Dokuei', 'OHIF', 'Dokuei / OHIF', 'goal'],
    [
      ['first rows visible (ms)', cell(dokuei.firstRows), cell(ohif.firstRows), ratio(dokuei.firstRows, ohif.firstRows), '< 1000, < OHIF'],
      ['all rows listed (ms)', cell(dokuei.allRows), cell(ohif.allRows), ratio(dokuei.allRows, ohif.allRows), ''],
      ['sort by patient name (ms)', cell(dokuei.sort, 1), cell(ohif.sort, 1), ratio(dokuei.sort, ohif.sort), '< 100, < OHIF'],
      ['studies listed (loaded rows)', cell(dokuei.listed), cell(ohif.listed), '', `first page of ${env.studyCount}`],
    ],
  );
  console.log('\nwhere the first-rows time goes (median ms since navigation start)');
  printTable(
    ['step', 'Dokuei', 'OHIF'],
    [
      ...BREAKDOWN_STEPS.map(([key, label]) => [label, cell(dokuei[key]), cell(ohif[key])]),
      ['first rows visible', cell(dokuei.firstRows), cell(ohif.firstRows)],
    ],
  );
  const n = countLabel(env.studyCount);
  const vsOhif = (value: number | null) => ({ name: 'ohif', value });
  return [
    ...resultRow(`worklist first rows ${n} studies (ms)`, dokuei.firstRows, 'ms', vsOhif(ohif.firstRows)),
    ...resultRow(`worklist first rows ${n} studies, ohif (ms)`, ohif.firstRows, 'ms'),
    ...resultRow(`worklist all-rows ${n} studies (ms)`, dokuei.allRows, 'ms', vsOhif(ohif.allRows)),
    ...resultRow(`worklist all-rows ${n} studies, ohif (ms)`, ohif.allRows, 'ms'),
    ...resultRow(`worklist sort ${n} studies (ms)`, dokuei.sort, 'ms', vsOhif(ohif.sort)),
    ...resultRow(`worklist sort ${n} studies, ohif (ms)`, ohif.sort, 'ms'),
    ...resultRow(`worklist studies listed of ${n} (dokuei)`, dokuei.listed, 'studies'),
    ...resultRow(`worklist studies listed of ${n} (ohif)`, ohif.listed, 'studies'),
  ];
}
