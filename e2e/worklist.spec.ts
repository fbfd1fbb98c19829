import type { Locator, Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { buildDemoInstance } from '../tools/seed/demo-instance';
import { syntheticStudy } from '../tools/seed/synthetic';
import { expect, test } from './support/fixtures';

/** Orthanc's own answer for a study, read directly (not through the app) as the reference. */
async function orthancStudies(pacs: PacsConfig, query = ''): Promise<Record<string, { Value?: unknown[] }>[]> {
  const response = await fetch(`${pacs.url}/dicom-web/studies?${query}`, {
    headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, { Value?: unknown[] }>[];
}

const rows = (page: Page) => page.locator('.worklist-body [role="row"]');
const row = (page: Page, uid: string) => page.locator(`.worklist-body [data-study-uid="${uid}"]`);
const cell = (rowLocator: Locator, column: string) => rowLocator.locator(`.worklist-cell-${column}`);

/** Text of one column for the rendered rows, in list order (rows are virtualized: only those in view). */
async function columnTexts(page: Page, column: string): Promise<string[]> {
  return page.locator('.worklist-body [role="row"]').evaluateAll(
    (elements, name) =>
      elements
        .map((element) => ({ index: Number(element.getAttribute('aria-rowindex')), text: element.querySelector(`.worklist-cell-${name}`)?.textContent ?? '' }))
        .sort((a, b) => a.index - b.index)
        .map((entry) => entry.text),
    column,
  );
}

/** The study whose row sits at the top edge of the list's viewport. */
function topVisibleUID(page: Page): Promise<string | null> {
  return page.locator('.worklist-body').evaluate((body) => {
    const box = body.getBoundingClientRect();
    return (
      document
        .elementFromPoint(box.left + 40, box.top + 4)
        ?.closest('[data-study-uid]')
        ?.getAttribute('data-study-uid') ?? null
    );
  });
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function expectSorted(values: string[], direction: 'asc' | 'desc') {
  const filled = values.filter((value) => value !== '');
  // Blanks come after every value, whichever the direction.
  expect(values.slice(0, filled.length)).toEqual(filled);
  for (let i = 1; i < filled.length; i++) {
    const order = collator.compare(filled[i - 1], filled[i]);
    expect(direction === 'asc' ? order <= 0 : order >= 0, `${filled[i - 1]} before ${filled[i]} (${direction})`).toBe(true);
  }
}

test.describe('worklist', () => {
  test('lists every study in the PACS with formatted names and Orthanc’s counts', async ({ page, pacs }) => {
    const reference = await orthancStudies(pacs, 'includefield=00201208&includefield=00201206');
    const uids = new Set(reference.map((study) => String(study['0020000D']?.Value?.[0])));
    await page.goto('/');
    await expect(page.locator('.worklist-count')).toHaveText(`${uids.size} studies`);
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');

    // A real CR from the data set: PN "CompressedSamples^RG1", two instances in one series.
    const [rg1] = await orthancStudies(pacs, 'PatientID=9RG1&includefield=00201208&includefield=00201206');
    const rg1UID = String(rg1['0020000D']?.Value?.[0]);
    await page.getByLabel('Search studies').fill('9rg1');
    await expect(rows(page)).toHaveCount(1);
    const rg1Row = row(page, rg1UID);
    await expect(cell(rg1Row, 'patientName')).toHaveText('COMPRESSEDSAMPLES, RG1');
    await expect(cell(rg1Row, 'patientID')).toHaveText('9RG1');
    // The background AI stores its result SR (+ lung SEG) in this chest study, possibly while the test runs.
    await expect(cell(rg1Row, 'modality')).toHaveText(/^CR(, SEG)?(, SR)?$/);
    // Orthanc's counts as they are when the cell is read (the AI objects above may arrive in between).
    await expect
      .poll(async () => {
        const [now] = await orthancStudies(pacs, 'PatientID=9RG1&includefield=00201208&includefield=00201206');
        return (await cell(rg1Row, 'counts').textContent()) === `${now['00201206']?.Value?.[0]} / ${now['00201208']?.Value?.[0]}`;
      })
      .toBe(true);

    // A seeded demo study: PN "DEMO^<given>", with its RequestedProcedurePriority.
    const [demo] = await orthancStudies(pacs, 'RequestedProcedurePriority=STAT&PatientName=DEMO*&includefield=00401003&includefield=00201208');
    expect(demo, 'the seed writes STAT studies').toBeTruthy();
    const demoID = String(demo['00100020']?.Value?.[0]);
    const [family, given] = String((demo['00100010']?.Value?.[0] as { Alphabetic: string }).Alphabetic).split('^');
    expect(family).toBe('DEMO');
    await page.getByLabel('Search studies').fill(demoID);
    const demoRow = row(page, String(demo['0020000D']?.Value?.[0]));
    await expect(cell(demoRow, 'patientName')).toHaveText(`DEMO, ${given}`);
    await expect(cell(demoRow, 'priority')).toHaveText('STAT');
    await expect(cell(demoRow, 'aiStatus').locator('[data-ai-phase]')).toBeVisible();
    await expect(cell(demoRow, 'readingStatus').locator('[data-reading]')).toHaveAttribute('data-reading', 'unread');
  });

  test('sorts by a column both ways, blanks last', async ({ page }) => {
    await page.goto('/');
    await expect(rows(page).first()).toBeVisible();
    const header = page.getByRole('columnheader', { name: 'Patient ID' });
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    expectSorted(await columnTexts(page, 'patientID'), 'asc');
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    expectSorted(await columnTexts(page, 'patientID'), 'desc');
    await expect(page.getByRole('columnheader', { name: 'Study date' })).toHaveAttribute('aria-sort', 'none');
  });

  test('a study stored during the session appears without reload, keeping scroll and selection', async ({ page, pacs }) => {
    await page.goto('/');
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');
    // Newest first (the default order is urgency, which AI results keep changing).
    await page.getByRole('columnheader', { name: 'Study date' }).getByRole('button').click();
    const total = Number((await page.locator('.worklist-count').textContent())?.match(/^(\d+) studies$/)?.[1]);
    expect(total).toBeGreaterThan(30);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    // Select a row by keyboard, then scroll so the list is not at its top.
    await page.getByRole('grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const selected = await page.locator('[aria-selected="true"]').getAttribute('data-study-uid');
    await page.locator('.worklist-body').evaluate((body) => (body.scrollTop = 5 * 28 + 10));
    await expect.poll(() => topVisibleUID(page)).not.toBeNull();
    const top = await topVisibleUID(page);

    // Today's study sorts first (newest first), i.e. above everything in view.
    const plan = syntheticStudy(900_000 + Math.floor(Math.random() * 1e6));
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const study = { ...plan, patientName: 'Arrival^Live^E2E', patientId: `LIVE-${plan.accessionNumber}`, studyDate: today, studyTime: '235959' };
    const pixels = { width: 16, height: 16, pixels: new Uint8Array(256).fill(128) };
    expect((await pacs.stowFile(buildDemoInstance(study, study.images[0], pixels))).stored).toBe(1);

    await expect(page.locator('.worklist-count')).toHaveText(`${total + 1} studies`);
    await expect.poll(() => topVisibleUID(page), { message: 'the rows in view stay in view' }).toBe(top);
    await expect(page.locator('[aria-selected="true"]')).toHaveAttribute('data-study-uid', selected!);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    await page.locator('.worklist-body').evaluate((body) => (body.scrollTop = 0));
    const arrived = row(page, study.studyInstanceUid);
    await expect(cell(arrived, 'patientName')).toHaveText('ARRIVAL, Live E2E');
    await expect(arrived).toHaveClass(/worklist-row-arrived/);
  });

  test('opens a study by click and by Enter; coming back keeps scroll and selection', async ({ page }) => {
    await page.goto('/');
    await expect(rows(page).first()).toBeVisible();
    await page.locator('.worklist-body').evaluate((body) => (body.scrollTop = 3 * 28));
    const target = await topVisibleUID(page);
    await row(page, target!).click();
    await expect(page).toHaveURL(new RegExp(`/study/${target!.replaceAll('.', '\\.')}$`));

    await page.goBack();
    await expect(row(page, target!)).toHaveAttribute('aria-selected', 'true');
    // The same row at the top: the scroll offset itself moves when the browser's AI reorders rows meanwhile (the top row is kept in place).
    expect(await topVisibleUID(page)).toBe(target);

    await page.getByRole('grid').focus();
    await page.keyboard.press('ArrowDown');
    const next = await page.locator('[aria-selected="true"]').getAttribute('data-study-uid');
    expect(next).not.toBe(target);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/study/${next!.replaceAll('.', '\\.')}$`));
  });

  test('a PACS outage shows a banner over the last list, which recovers by itself', async ({ page, pacs }) => {
    await page.goto('/');
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');
    const count = await page.locator('.worklist-count').textContent();

    await pacs.stopOrthanc();
    const banner = page.getByRole('alert');
    await expect(banner).toContainText('PACS unreachable');
    await expect(banner).toContainText(/Retrying/);
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'failed');
    await expect(page.locator('.worklist-count')).toHaveText(count!);
    await expect(rows(page).first()).toBeVisible();

    await pacs.startOrthanc();
    await expect(banner).toBeHidden();
    await expect(page.locator('[data-sync]')).toHaveAttribute('data-sync', 'changes');
    await expect(page.locator('.worklist-count')).toHaveText(count!);
  });
});
