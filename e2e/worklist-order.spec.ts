/**
 * Issue #15's check on the freshly seeded demo: in the default worklist (urgency ▲) every critical unread
 * study is above every non-critical one and the whole list is in the documented order
 * (src/domain/triage/order.ts compareUrgency, server/worklist/README.md "Order"); once the browser's AI has
 * stored results, no row has lost a field, the calls are made at the manifests' `flag` points and a study
 * with no flagged finding says "not flagged".
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { ModelManifest } from '../src/domain/ai/manifest';
import { DEFAULT_TRIAGE_CONFIG } from '../src/domain/triage/config';
import { compareUrgency } from '../src/domain/triage/order';
import type { IndexRow } from '../src/domain/study/index-row';
import type { IndexPage } from '../src/services/worklist/index-client';
import { triageFromIndexRow } from '../src/services/worklist/index-row';
import { syntheticInstance } from '../tools/seed/synthetic';
import { expect, test } from './support/fixtures';

const SIZE = { width: 1600, height: 1000 };
/** Study fields shown as text (live cells and image counts, which an SR changes, left out). */
const TEXT_COLUMNS = ['priority', 'patientName', 'patientID', 'sexAge', 'modality', 'bodyPart', 'description', 'studyDateTime', 'accession'];
/** Index fields a stored SR must not change. */
const STUDY_FIELDS = [
  'patientName',
  'patientSex',
  'patientBirthDate',
  'accession',
  'studyDate',
  'studyTime',
  'modality',
  'bodyPart',
  'description',
  'priority',
] as const;
const RESULTS_WANTED = 3;

const flagPoints = new Map(
  (JSON.parse(readFileSync('models/cxr-triage.json', 'utf8')) as ModelManifest).heads.flatMap((h) =>
    Object.entries(h.thresholds ?? {}).map(([label, t]) => [label, t.points?.flag?.value] as const),
  ),
);

/** The default worklist's order in one snapshot of the index (the query the page sends, one page). */
async function indexRows(page: Page): Promise<IndexRow[]> {
  const response = await page.request.get('/api/worklist?sort=urgency&dir=asc&limit=500');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as IndexPage;
  expect(body.nextCursor, 'the demo fits one page of 500').toBeNull();
  return body.rows;
}

interface ShownRow {
  uid: string;
  cells: Record<string, string>;
  ai: string;
}

/** Every row of the virtualized table, top to bottom, scrolling it through. */
async function shownRows(page: Page): Promise<ShownRow[]> {
  const body = page.locator('.worklist-body');
  await body.evaluate((el) => (el.scrollTop = 0));
  const seen = new Map<number, ShownRow>();
  for (;;) {
    const batch = await page.locator('.worklist-body [role="row"]').evaluateAll(
      (rows, columns) =>
        rows.map((row) => ({
          index: Number(row.getAttribute('aria-rowindex')),
          uid: row.getAttribute('data-study-uid') ?? '',
          cells: Object.fromEntries(columns.map((c) => [c, row.querySelector(`.worklist-cell-${c}`)?.textContent ?? ''])),
          ai: row.querySelector('.worklist-cell-aiStatus')?.textContent ?? '',
        })),
      TEXT_COLUMNS,
    );
    for (const { index, ...row } of batch) seen.set(index, row);
    const atEnd = await body.evaluate((el) => {
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollTop += el.clientHeight - 28;
      return end;
    });
    if (atEnd) break;
    // The virtualizer renders the rows of the new scroll position on the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  }
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
}

const describeRow = (r: IndexRow) =>
  `${r.patientName} ${r.urgency.level}${r.urgency.overdue ? ' overdue' : ''} score ${r.urgency.score.toFixed(1)} ${r.readingState}`;

/** The page shows the index's order, critical unread first, each neighbour pair in compareUrgency order. */
async function expectDocumentedOrder(page: Page): Promise<{ rows: IndexRow[]; shown: ShownRow[] }> {
  let result: { rows: IndexRow[]; shown: ShownRow[] } | undefined;
  // A study crossing the overdue cap (or arriving) between the two reads changes the order: read again.
  await expect(async () => {
    const rows = await indexRows(page);
    const shown = await shownRows(page);
    expect(shown.map((r) => r.uid)).toEqual(rows.map((r) => r.studyUid));
    const criticalUnread = rows.map((r, i) => (r.urgency.level === 'critical' && r.readingState === 'unread' ? i : -1)).filter((i) => i >= 0);
    const firstOther = rows.findIndex((r) => r.urgency.level !== 'critical');
    expect(criticalUnread.length, 'the demo has critical unread studies').toBeGreaterThan(0);
    if (firstOther >= 0) expect(Math.max(...criticalUnread), `a critical unread study below ${describeRow(rows[firstOther])}`).toBeLessThan(firstOther);
    const misordered = rows.slice(1).flatMap((b, i) => {
      const a = rows[i];
      return compareUrgency(triageFromIndexRow(a), triageFromIndexRow(b)) > 0 ? [`${describeRow(a)} above ${describeRow(b)}`] : [];
    });
    expect(misordered).toEqual([]);
    result = { rows, shown };
  }).toPass({ timeout: 60_000 });
  return result!;
}

test('default worklist: critical unread first, the documented order, and AI results keep every field', async ({ page, pacs }) => {
  test.setTimeout(420_000);
  // Specs before this one analysed most seeded films: new arrivals make sure the AI has studies to take.
  const first = 3_000_000 + Math.floor(Math.random() * 1e6);
  for (let index = first; index < first + RESULTS_WANTED; index++) {
    const arrival = syntheticInstance(index);
    expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
    await expect
      .poll(async () => ((await (await page.request.get(`/api/worklist?q=${arrival.study.accessionNumber}`)).json()) as IndexPage).rows.length, {
        timeout: 60_000,
      })
      .toBe(1);
  }
  await page.setViewportSize(SIZE);
  await page.goto('/');
  await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes', { timeout: 60_000 });
  const before = await expectDocumentedOrder(page);
  // The seeded shift ages from acquisition, not from seeding (server/worklist/README.md): fresh and overdue
  // studies, each reason saying what its wait counts from.
  const fromAcquisition = before.rows.filter((r) => r.acquiredAt !== null && r.waitingSince === r.acquiredAt);
  const waitOf = (r: IndexRow) => r.urgency.reasons.find((reason) => reason.kind === 'waiting')?.text ?? '';
  for (const r of before.rows) expect(waitOf(r), r.patientName).toMatch(fromAcquisition.includes(r) ? /since acquisition$/ : /since arrival in the PACS$/);
  const overdue = fromAcquisition.filter((r) => r.urgency.overdue).length;
  const CAP = DEFAULT_TRIAGE_CONFIG.aging.capMinutes;
  const fresh = fromAcquisition.filter((r) => r.urgency.waitMinutes < CAP).length;
  console.log(
    `seeded shift: ${fresh} waiting < 20 min, ${overdue} overdue, longest wait ${Math.max(...before.rows.map((r) => r.urgency.waitMinutes)).toFixed(0)} min`,
  );
  expect(overdue, 'overdue studies in the seeded shift').toBeGreaterThan(0);
  expect(fresh, 'fresh studies in the seeded shift').toBeGreaterThan(0);
  const pending = new Set(before.rows.filter((r) => r.aiStatus === 'pending').map((r) => r.studyUid));
  expect(pending.size, 'studies waiting for the AI').toBeGreaterThanOrEqual(RESULTS_WANTED);

  // The page's background triage analyses the waiting studies and stores SRs; the server indexes them.
  await expect
    .poll(async () => (await indexRows(page)).filter((r) => pending.has(r.studyUid) && r.aiStatus !== 'pending').length, {
      timeout: 300_000,
      intervals: [5000],
    })
    .toBeGreaterThanOrEqual(RESULTS_WANTED);
  const after = await expectDocumentedOrder(page);

  const rowBefore = new Map(before.rows.map((r) => [r.studyUid, r]));
  const shownBefore = new Map(before.shown.map((r) => [r.uid, r]));
  const analysed = after.rows.filter((r) => pending.has(r.studyUid) && r.aiStatus !== 'pending');
  for (const row of analysed) {
    const old = rowBefore.get(row.studyUid)!;
    for (const field of STUDY_FIELDS) if (old[field]) expect(row[field], `${row.patientName}: ${field} after its AI result`).toBe(old[field]);
    const shown = after.shown.find((r) => r.uid === row.studyUid)!;
    expect(shown.cells, `${row.patientName}: row text after its AI result`).toEqual(shownBefore.get(row.studyUid)!.cells);
  }

  // Honest flags: every call is at the finding's flag point, and a study without one says so plainly.
  const done = analysed.filter((r) => r.aiStatus === 'done' && r.aiSummary);
  for (const row of done) {
    for (const f of row.aiSummary!.findings) {
      expect(f.threshold, `${row.patientName}: ${f.label} judged at its flag point`).toBe(flagPoints.get(f.label));
      expect(f.positive).toBe(f.probability >= f.threshold);
    }
  }
  // The table follows the index's events: read it again until it has caught up.
  await expect(async () => {
    const ai = new Map((await shownRows(page)).map((r) => [r.uid, r.ai]));
    for (const row of done)
      expect(ai.get(row.studyUid), row.patientName).toBe(row.aiSummary!.positives.length === 0 ? 'not flagged' : row.aiSummary!.positives.join(', '));
  }).toPass({ timeout: 30_000 });
});
