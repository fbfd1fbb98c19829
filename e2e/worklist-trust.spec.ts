/**
 * A worklist and viewer a radiologist trusts at first sight (Chromium 1600×1000): with many critical studies
 * nothing covers the table's rows, the critical queue lists them and an acknowledgement goes for every reader;
 * the image takes ≥ 60 % of the width with the panels open; image failures are handled once, where they are
 * shown (a damaged JPEG-LS instance gets its error tile and raises no page error); on 1920×1080 and 2560×1440
 * reading monitors the image (or the two compare panes) still takes ≥ 60 % of the width; the AI cell's
 * tooltip draws a patient's AI history as a sparkline. Also writes the
 * screenshots of docs/README.md (worklist at 1600×1000 and 1920×1080; viewer and compare also at 2560×1440).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { buildDemoInstance } from '../tools/seed/demo-instance';
import { E2E_SIZES, planDemo, type PlannedStudy } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import { chestFilmStudy, dicomDateTime, uidFrom } from './support/chest-study';
import { copyUnderNewStudy } from './support/dicom-copy';
import { expect, test } from './support/fixtures';
import { signedInPage } from './support/reader-app';

const RUN = Date.now().toString(36).toUpperCase();
const JPEG_LS = join(resolveDataDir(), 'dicom/transfer_syntaxes/CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm');

/** Collects every uncaught page error (thrown or an unhandled rejection) of a page. */
function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.message}\n${error.stack ?? ''}`));
  return errors;
}

/** The JPEG-LS CT slice under new UIDs with its compressed stream damaged after the header. */
function damagedJpegLs(studyUid: string): Uint8Array {
  return copyUnderNewStudy(JPEG_LS, studyUid, { id: `JLS${RUN}`, name: `JLS${RUN}^DAMAGED` }, (dict) => {
    const fragment = new Uint8Array(dict['7FE00010'].Value[0] as ArrayBuffer);
    // Keep the SOI/SOF/SOS headers (the decoder starts), then garbage with marker bytes, then cut short.
    const damaged = fragment.slice(0, 4000);
    for (let i = 200; i < damaged.length; i++) damaged[i] = i % 3 === 0 ? 0xff : (i * 37) & 0xff;
    dict['7FE00010'].Value = [damaged.buffer];
  });
}

test('a damaged JPEG-LS image shows its error tile and raises no page error', async ({ page, pacs }) => {
  const studyUid = uidFrom(`${RUN}JLS`);
  expect((await pacs.stowFile(damagedJpegLs(studyUid))).rejected).toEqual([]);
  const errors = pageErrors(page);
  await page.goto(`/study/${studyUid}`);
  await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('viewer-error-tile').first()).toContainText('cannot decode');
  // Thumbnails render after the first image settles: let them fail too before counting.
  await expect(page.locator('[data-testid=viewer-series]').first()).toHaveAttribute('data-thumb-state', 'error');
  await page.waitForTimeout(1500);
  expect(errors).toEqual([]);
});

const SIZE = { width: 1600, height: 1000 };
const PATIENT = `TRUST${RUN}`;
const CRITICAL_COUNT = 17;
const pad = (n: number) => String(n).padStart(2, '0');
const ACQUIRED = dicomDateTime(new Date(Date.now() - 2 * 60_000));

/** A STAT chest film: critical by the request priority alone (1000 points), whatever the AI says. */
function statStudy(i: number): PlannedStudy {
  return chestFilmStudy({
    studyInstanceUid: uidFrom(`${RUN}C${i}`),
    patientId: `${PATIENT}-${pad(i)}`,
    patientName: `${PATIENT}^C${pad(i)}`,
    patientSex: 'M',
    patientAge: 60,
    ...ACQUIRED,
    accessionNumber: `W${RUN}${pad(i)}`.slice(0, 16),
    priority: 'STAT',
    file: `c${i}`,
  });
}

const rows = (page: Page) => page.locator('.worklist-body [role="row"]');
const queueItem = (page: Page, uid: string) => page.getByRole('list', { name: 'Critical study alerts' }).locator(`li[data-study-uid="${uid}"]`);

async function openQueue(page: Page): Promise<void> {
  const button = page.getByTestId('critical-queue');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
}

test.describe.serial('many critical studies, two readers', () => {
  const studies = Array.from({ length: CRITICAL_COUNT }, (_, i) => statStudy(i));

  test.beforeAll(async ({ pacs }) => {
    test.setTimeout(120_000);
    for (const study of studies) {
      const pixels = { width: 64, height: 64, pixels: new Uint8Array(64 * 64).map((_, i) => (i * 5) & 0xff) };
      expect((await pacs.stowFile(buildDemoInstance(study, study.images[0], pixels))).rejected).toEqual([]);
    }
  });

  test('rows stay visible and clickable; the queue lists them; an acknowledgement goes for the other reader', async ({ browser }) => {
    test.setTimeout(240_000);
    const [alice, bob] = [await signedInPage(browser, 'alice'), await signedInPage(browser, 'bob')];
    for (const page of [alice, bob]) {
      await page.setViewportSize(SIZE);
      await page.getByLabel('Search studies').fill(PATIENT);
      await expect(rows(page)).toHaveCount(CRITICAL_COUNT, { timeout: 60_000 });
      await expect(page.getByTestId('critical-queue')).not.toHaveAttribute('data-count', '0', { timeout: 60_000 });
    }

    // Nothing over the table: the element at each row's centre (and near its right end) belongs to the row.
    const covered = await alice.locator('.worklist-body [role="row"]').evaluateAll((elements) =>
      elements.flatMap((row) => {
        const box = row.getBoundingClientRect();
        if (box.bottom > window.innerHeight) return [];
        return [box.left + box.width / 2, box.right - 20].flatMap((x) => {
          const hit = document.elementFromPoint(x, box.top + box.height / 2);
          return hit && row.contains(hit) ? [] : [`${row.getAttribute('data-study-uid')} at x=${Math.round(x)}: ${hit?.outerHTML.slice(0, 80)}`];
        });
      }),
    );
    expect(covered).toEqual([]);
    // The queue is one compact button, not boxes over the rows.
    await expect(alice.getByRole('list', { name: 'Critical study alerts' })).toHaveCount(0);
    await expect(alice.getByTestId('critical-queue')).toHaveText(/^\d+ critical$/);

    // Opened from the keyboard; every critical study of this run is listed.
    await alice.getByTestId('critical-queue').focus();
    await alice.keyboard.press('Enter');
    for (const study of studies) await expect(queueItem(alice, study.studyInstanceUid)).toBeVisible();
    // Focus moves into the list (the first study's link), Escape closes it and returns to the button.
    await expect(alice.getByRole('list', { name: 'Critical study alerts' }).getByRole('button').first()).toBeFocused();
    await alice.keyboard.press('Escape');
    await expect(alice.getByTestId('critical-queue')).toHaveAttribute('aria-expanded', 'false');
    await expect(alice.getByTestId('critical-queue')).toBeFocused();

    // The first row opens its study: the click reaches the row.
    const first = studies[0].studyInstanceUid;
    const before = Number(await bob.getByTestId('critical-queue').getAttribute('data-count'));
    await openQueue(alice);
    await queueItem(alice, first).getByRole('button', { name: 'Acknowledge' }).click();
    await expect(queueItem(alice, first)).toHaveCount(0);
    await openQueue(bob);
    await expect(queueItem(bob, first)).toHaveCount(0, { timeout: 15_000 });
    await expect(bob.getByTestId('critical-queue')).toHaveAttribute('data-count', String(before - 1));

    // Acknowledged from the row by the other reader: gone from the first reader's queue.
    const second = studies[1].studyInstanceUid;
    await bob.keyboard.press('Escape');
    await bob.locator(`.worklist-body [data-study-uid="${second}"]`).getByRole('button', { name: 'Ack' }).click();
    await openQueue(alice);
    await expect(queueItem(alice, second)).toHaveCount(0, { timeout: 15_000 });
    await alice.keyboard.press('Escape');

    // A row is clickable: it opens the study.
    await rows(alice).nth(3).click();
    await expect(alice.getByTestId('viewer')).toBeVisible();
    for (const page of [alice, bob]) await page.context().close();
  });

  test('the viewer at 1600×1000: the image takes ≥ 60 % of the width; O folds the panels to a rail and back', async ({ page }) => {
    await page.setViewportSize(SIZE);
    await page.goto(`/study/${studies[2].studyInstanceUid}`);
    const viewport = page.getByTestId('viewer-viewport');
    await expect(viewport).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    await expect(page.getByTestId('viewer-side')).toBeVisible();
    await expect(page.getByTestId('ai-findings')).toBeVisible();
    const open = (await viewport.boundingBox())!.width;
    expect(open).toBeGreaterThanOrEqual(0.6 * SIZE.width);
    await page.keyboard.press('o');
    await expect(page.getByTestId('viewer-side')).toHaveCount(0);
    await expect.poll(async () => (await viewport.boundingBox())!.width).toBeGreaterThan(SIZE.width - 80);
    await page.getByRole('button', { name: /Show Findings/ }).click();
    await expect(page.getByTestId('viewer-side')).toBeVisible();
    await expect.poll(async () => (await viewport.boundingBox())!.width).toBeCloseTo(open, 0);
  });
});

/**
 * A screenshot small enough for the repository (< 300 KB): scaled to 1120 px wide and posterized (16 levels
 * a channel) in the browser, PNG-encoded by Chromium. A radiograph's noise is what makes a full PNG big.
 */
async function smallScreenshot(page: Page, path: string): Promise<void> {
  const png = await page.screenshot();
  const base64 = await page.evaluate(async (data) => {
    // From bytes, not a data: URL (the app's Content-Security-Policy would refuse that fetch).
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([raw], { type: 'image/png' }));
    const scale = Math.min(1, 1120 / bitmap.width);
    const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < pixels.data.length; i++) if (i % 4 !== 3) pixels.data[i] = Math.min(255, Math.round(pixels.data[i] / 16) * 16);
    context.putImageData(pixels, 0, 0);
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }, png.toString('base64'));
  writeFileSync(path, Buffer.from(base64, 'base64'));
}

/** The seeded demo patient with the most exams: the latest exam, and how many exams the patient has. */
function seededPatientWithPriors(): { latest: PlannedStudy; examCount: number } {
  const plan = planDemo(resolveDataDir(), E2E_SIZES);
  const examsOf = (patientId: string) =>
    plan.filter((s) => s.patientId === patientId).sort((a, b) => (a.studyDate + a.studyTime).localeCompare(b.studyDate + b.studyTime));
  const withPrior = plan.filter((s) => examsOf(s.patientId).length >= 2).sort((a, b) => examsOf(b.patientId).length - examsOf(a.patientId).length)[0];
  const exams = examsOf(withPrior.patientId);
  return { latest: exams.at(-1)!, examCount: exams.length };
}

const READING_MONITORS = [SIZE, { width: 1920, height: 1080 }, { width: 2560, height: 1440 }];

test('reading monitors (1600, 1920, 2560 px): the image ≥ 60 % of the width, compare panes equal, nothing overflows', async ({ page }) => {
  test.setTimeout(180_000);
  const { latest } = seededPatientWithPriors();
  const width = async (testId: string) => (await page.getByTestId(testId).boundingBox())!.width;
  for (const size of READING_MONITORS) {
    await page.setViewportSize(size);
    await page.goto(`/study/${latest.studyInstanceUid}`);
    await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    await expect(page.getByTestId('viewer-side')).toBeVisible();
    expect(await width('viewer-viewport'), `viewer at ${size.width}`).toBeGreaterThanOrEqual(0.6 * size.width);
    await page.keyboard.press('c');
    await expect(page.getByTestId('prior-viewport')).toBeVisible();
    const [current, prior] = [await width('viewer-viewport'), await width('prior-viewport')];
    expect(Math.abs(current - prior), `compare panes at ${size.width}`).toBeLessThanOrEqual(4);
    expect(current + prior, `compare at ${size.width}`).toBeGreaterThanOrEqual(0.6 * size.width);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow at ${size.width}`).toBeLessThanOrEqual(0);
    // The side panels keep their width on a bigger monitor: the reading column is 360 px (two at 2560 px).
    expect(await width('viewer-side')).toBeLessThanOrEqual(size.width >= 2200 ? 721 : 361);
  }
});

test('resting the pointer on the AI cell of a patient with priors shows its AI history, one mark per exam', async ({ page }) => {
  test.setTimeout(300_000);
  const { latest, examCount } = seededPatientWithPriors();
  await page.setViewportSize(SIZE);
  await page.goto('/');
  await page.getByLabel('Search studies').fill(latest.patientId);
  const row = page.locator(`.worklist-body [data-study-uid="${latest.studyInstanceUid}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  const tip = page.getByTestId('ai-history-tip');
  await expect(tip).toHaveCount(0);
  await row.getByTestId('ai-history-anchor').hover();
  // Every exam's AI result arrives (SR, cache or a fresh run) before the marks are counted.
  const sparkline = tip.getByTestId('ai-sparkline');
  await expect(sparkline).toHaveAttribute('data-pending', '0', { timeout: 240_000 });
  await expect(sparkline).toHaveAttribute('data-exams', String(examCount));
  // An exam without a finding value (not applicable, no model) is a gap; every other exam is a point.
  const points = sparkline.getByTestId('sparkline-point');
  expect((await points.count()) + (await sparkline.getByTestId('sparkline-gap').count())).toBe(examCount);
  expect(await points.count()).toBeGreaterThanOrEqual(2);
  await expect(sparkline.locator('[data-testid="sparkline-point"][data-current="true"]')).toHaveCount(1);
  await expect(sparkline.locator('line.timeline-threshold')).toHaveCount(1);
  await page.mouse.move(0, 0);
  await expect(tip).toHaveCount(0);
});

test('screenshots for docs/README.md: worklist, viewer and compare at 1600×1000, 1920×1080 and 2560×1440', async ({ page }) => {
  test.setTimeout(240_000);
  const { latest } = seededPatientWithPriors();
  const dir = 'docs/screenshots';
  mkdirSync(dir, { recursive: true });
  for (const size of READING_MONITORS) {
    const name = `${size.width}x${size.height}`;
    await page.setViewportSize(size);
    if (size.width < 2560) {
      await page.goto('/');
      await expect(rows(page).first()).toBeVisible({ timeout: 60_000 });
      await page.waitForTimeout(1500);
      await smallScreenshot(page, `${dir}/worklist-${name}.png`);
    }
    await page.goto(`/study/${latest.studyInstanceUid}`);
    await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    await page.waitForTimeout(2500);
    await smallScreenshot(page, `${dir}/viewer-${name}.png`);
    await page.keyboard.press('c');
    await expect(page.getByTestId('prior-pane')).toBeVisible();
    await page.waitForTimeout(2500);
    await smallScreenshot(page, `${dir}/compare-${name}.png`);
  }
});
