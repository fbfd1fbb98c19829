/**
 * The browser worklist reads the server's worklist index (GET /api/worklist) and never walks the
 * archive; the server's event stream brings new studies into the open list, ranked by urgency.
 */
import type { Page, Request } from '@playwright/test';
import { buildDemoInstance } from '../tools/seed/demo-instance';
import { syntheticStudy } from '../tools/seed/synthetic';
import { expect, test } from './support/fixtures';

const rowUIDs = (page: Page) => page.locator('.worklist-body [role="row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-uid')));

function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

const pathOf = (request: Request) => new URL(request.url()).pathname;

test.describe('worklist index', () => {
  test('the worklist lists from the index: no QIDO walk of the archive', async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto('/');
    await expect(page.locator('.worklist-body [role="row"]').first()).toBeVisible();
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');
    await expect(page.locator('.worklist-count')).toHaveText(/^≈?\d+ studies$/);
    // Let the page settle a moment (AI queue, health checks) before counting.
    await page.waitForTimeout(2000);
    // A walk of the archive is a study search (GET) that names no study and no patient; the browser's AI
    // queue looks studies up by UID and stores its results (POST), the priors search by patient.
    const walks = requests.filter((r) => {
      const params = new URL(r.url()).searchParams;
      return r.method() === 'GET' && pathOf(r) === '/dicom-web/studies' && !params.has('StudyInstanceUID') && !params.has('PatientID');
    });
    expect(
      walks.map((r) => r.url()),
      'QIDO study searches',
    ).toEqual([]);
    const index = requests.filter((r) => pathOf(r) === '/api/worklist');
    expect(index.length).toBeGreaterThan(0);
    expect(new URL(index.at(-1)!.url()).searchParams.get('sort')).toBe('urgency');
    expect(requests.some((r) => pathOf(r) === '/api/worklist/events')).toBe(true);
  });

  test('a study stored now appears without reload, STAT ranked above ROUTINE', async ({ page, pacs }) => {
    const run = Date.now().toString(36).toUpperCase();
    await page.goto('/');
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');
    await page.getByLabel('Search studies').fill(`SSE${run}`);
    await expect(page.locator('.worklist-body [role="row"]')).toHaveCount(0);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
    const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
    const pixels = { width: 16, height: 16, pixels: new Uint8Array(256).fill(128) };
    const uids: Record<string, string> = {};
    // ROUTINE first, so arrival order alone would put it on top.
    for (const priority of ['ROUTINE', 'STAT'] as const) {
      const plan = syntheticStudy(700_000 + Math.floor(Math.random() * 1e6));
      const study = { ...plan, priority, patientName: `SSE${run}^${priority}`, patientId: `SSE${run}-${priority}`, studyDate: date, studyTime: time };
      expect((await pacs.stowFile(buildDemoInstance(study, study.images[0], pixels))).stored).toBe(1);
      uids[priority] = study.studyInstanceUid;
    }
    // The server's watcher indexes a study once Orthanc calls it stable (StableAge), then NOTIFYs.
    await expect.poll(() => rowUIDs(page), { timeout: 90_000 }).toEqual([uids.STAT, uids.ROUTINE]);
    await expect(page.locator(`[data-study-uid="${uids.STAT}"]`)).toHaveClass(/worklist-row-arrived/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('sorting by patient name asks the server', async ({ page }) => {
    const requests = recordRequests(page);
    await page.goto('/');
    await expect(page.locator('.worklist-body [role="row"]').first()).toBeVisible();
    const header = page.getByRole('columnheader', { name: 'Patient name' });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const sorted = requests.filter((r) => pathOf(r) === '/api/worklist' && new URL(r.url()).searchParams.get('sort') === 'patientName');
    expect(sorted.length).toBeGreaterThan(0);
    expect(new URL(sorted[0].url()).searchParams.get('dir')).toBe('asc');
    expect(requests.filter((r) => pathOf(r) === '/dicom-web/studies')).toEqual([]);
  });
});
