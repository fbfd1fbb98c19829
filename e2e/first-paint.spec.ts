/**
 * The viewer's first paint (issue #17): the PACS-rendered preview of the first frame shows (painted by
 * the page shell before the app has run, then by the viewer) while the real frame is on its way, then the decoded image replaces it in the same place with the same window;
 * a frame that fails to decode after the preview was shown still gets its error tile. The real frame's
 * answer is held back (and, for the failure, damaged) in the browser, so the order never depends on timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import type { Page, Route } from '@playwright/test';
import { EXPLICIT_VR_LITTLE_ENDIAN } from '../src/domain/dicom/transfer-syntax';
import { FIRST_IMAGE_MARKS } from '../src/domain/viewer/first-image-marks';
import { resolveDataDir } from '../tools/seed/seed';
import { copyUnderNewStudy } from './support/dicom-copy';
import { uidFrom } from './support/chest-study';
import { expect, test } from './support/fixtures';
import { FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID } from '../src/domain/viewer/first-image-hint';
import { SCREEN_COOKIE } from '../src/domain/viewer/screen-cookie';
import { rawRequest } from '../tests/server/gateway-harness';
import { PREVIEW_KEPT_TIMING } from '../server/gateway/rendered-previews';

const DICOM = join(resolveDataDir(), 'dicom');
const CHEST_CR_J2K = join(DICOM, 'chest_cr/RG1_J2KI.dcm');
const CT_JPEG_LS = join(DICOM, 'transfer_syntaxes/CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm');
const RUN = Date.now().toString(36).toUpperCase();

const viewport = (page: Page) => page.getByTestId('viewer-viewport');
const preview = (page: Page) => page.getByTestId('viewer-rendered-preview');

/** WADO-RS frame requests (the real pixels), not the rendered preview. */
const isFrameRequest = (url: URL) => /\/frames\/\d+$/.test(url.pathname);

/** Holds every frame request until `release()`; `answer` may change the PACS's real answer on the way. */
async function holdFrames(page: Page, answer: (route: Route) => Promise<void> = (route) => route.continue()) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(isFrameRequest, async (route) => {
    await released;
    await answer(route);
  });
  return release;
}

interface Region {
  x: number;
  y: number;
  halfSide: number;
}

/** Mean grey of image regions (fractions of the image) on a canvas that shows the whole image fitted and centred. */
async function canvasMeans(page: Page, canvasSelector: string, columns: number, rows: number, regions: Region[]): Promise<number[]> {
  return page.evaluate(
    async ([selector, cols, rowCount, regionList]) => {
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      const context = canvas?.getContext('2d');
      if (!canvas || !context) throw new Error(`no 2D canvas at ${selector}`);
      const scale = Math.min(canvas.width / cols, canvas.height / rowCount);
      const left = canvas.width / 2 - (cols * scale) / 2;
      const top = canvas.height / 2 - (rowCount * scale) / 2;
      return regionList.map(({ x, y, halfSide }) => {
        const half = Math.round(halfSide * cols * scale);
        const { data } = context.getImageData(Math.round(left + x * cols * scale) - half, Math.round(top + y * rowCount * scale) - half, 2 * half, 2 * half);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
        return sum / (data.length / 4);
      });
    },
    [canvasSelector, columns, rows, regions] as const,
  );
}

/** A grid over the image, and its edges: a shifted or rescaled image changes some of these. */
const GRID: Region[] = [0.1, 0.3, 0.5, 0.7, 0.9].flatMap((y) => [0.1, 0.3, 0.5, 0.7, 0.9].map((x) => ({ x, y, halfSide: 0.04 })));

test('the chest CR shows its rendered preview first, then the decoded image in the same place and window', async ({ page }) => {
  const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(CHEST_CR_J2K)), { untilTag: 'x7fe00010' });
  const [columns, rows] = [ds.uint16('x00280011')!, ds.uint16('x00280010')!];
  const release = await holdFrames(page);
  await page.goto(`/study/${ds.string('x0020000d')}`);

  await expect(viewport(page)).toHaveAttribute('data-first-paint', 'rendered', { timeout: 60_000 });
  await expect(viewport(page)).toHaveAttribute('data-render-state', 'loading');
  await expect(preview(page)).toBeVisible();
  // The page shell painted the same preview first, before the app's bundle had run, and gave way to the viewer's.
  expect(await page.evaluate((mark) => performance.getEntriesByName(mark).length, FIRST_IMAGE_MARKS.shell)).toBe(1);
  await expect(page.getByTestId('shell-preview')).toHaveCount(0);
  const previewMeans = await canvasMeans(page, '[data-testid=viewer-rendered-preview]', columns, rows, GRID);
  // MONOCHROME1 rendered as the viewer shows it: lung fields darker than the mediastinum.
  const [rightLung, mediastinum, leftLung] = [previewMeans[11], previewMeans[12], previewMeans[13]];
  expect(rightLung).toBeLessThan(mediastinum - 30);
  expect(leftLung).toBeLessThan(mediastinum - 30);

  release();
  await expect(viewport(page)).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
  await expect(viewport(page)).toHaveAttribute('data-first-paint', 'full');
  await expect(preview(page)).toHaveCount(0);
  const fullMeans = await canvasMeans(page, '[data-testid=viewer-viewport] canvas', columns, rows, GRID);
  const largest = Math.max(...fullMeans.map((mean, i) => Math.abs(mean - previewMeans[i])));
  expect(largest, `preview ${previewMeans.map(Math.round)} vs image ${fullMeans.map(Math.round)}`).toBeLessThanOrEqual(12);
});

/** The JPEG-LS CT slice under new UIDs (the seeded copy belongs to the viewer spec's encodings test). */
function ctCopy(studyUid: string): Uint8Array {
  return copyUnderNewStudy(CT_JPEG_LS, studyUid, { id: `FP${RUN}` });
}

/**
 * The PACS's real multipart answer with its JPEG-LS stream cut short and garbled after the header; the
 * viewer's retry with a PACS-transcoded frame then finds the PACS unreachable.
 */
async function damagedFrame(route: Route): Promise<void> {
  if ((route.request().headers()['accept'] ?? '').includes(EXPLICIT_VR_LITTLE_ENDIAN)) return route.abort('connectionrefused');
  const response = await route.fetch();
  const body = await response.body();
  const boundary = /boundary="?([^";]+)"?/.exec(response.headers()['content-type'] ?? '')?.[1];
  const start = body.indexOf('\r\n\r\n') + 4;
  const end = boundary ? body.lastIndexOf(`\r\n--${boundary}--`) : -1;
  if (start < 4 || end < start) throw new Error('unexpected frame answer');
  const damaged = Buffer.from(body.subarray(start, Math.min(end, start + 4000)));
  for (let i = 200; i < damaged.length; i++) damaged[i] = i % 3 === 0 ? 0xff : (i * 37) & 0xff;
  await route.fulfill({ response, body: Buffer.concat([body.subarray(0, start), damaged, body.subarray(end)]) });
}

test('a frame that fails to decode after its preview was shown gets the error tile', async ({ page, pacs }) => {
  const studyUid = uidFrom(`${RUN}FP`);
  expect((await pacs.stowFile(ctCopy(studyUid))).rejected).toEqual([]);
  const release = await holdFrames(page, damagedFrame);
  await page.goto(`/study/${studyUid}`);

  await expect(viewport(page)).toHaveAttribute('data-first-paint', 'rendered', { timeout: 60_000 });
  await expect(preview(page)).toBeVisible();
  release();
  await expect(viewport(page)).toHaveAttribute('data-render-state', 'error', { timeout: 60_000 });
  await expect(page.getByTestId('viewer-error-tile').first()).toContainText('cannot decode');
  await expect(preview(page)).toHaveCount(0);
  await expect(viewport(page)).toHaveAttribute('data-first-paint', 'rendered');
});

/** The study's page over a raw socket, once the server names the study's first image in it. */
async function waitUntilNamed(page: Page, baseURL: string, studyUid: string) {
  const origin = new URL(baseURL);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const studyPage = (headers: Record<string, string> = {}) => rawRequest(Number(origin.port), 'GET', `/study/${studyUid}`, { Host: origin.host, ...headers });
  // No worker triages in this topology: the first openings of the page have the server name it (server/worklist/first-image.ts).
  await expect.poll(async () => (await studyPage({ cookie })).text.includes(`id="${FIRST_IMAGE_HINT_ID}"`), { timeout: 30_000, intervals: [500] }).toBe(true);
  return { studyPage, cookie };
}

test('a study whose first image the server named: the page asks for its preview before the series list and paints it itself', async ({
  page,
  pacs,
  browser,
  baseURL,
}) => {
  const studyUid = uidFrom(`${RUN}HN`);
  expect((await pacs.stowFile(ctCopy(studyUid))).rejected).toEqual([]);
  const { studyPage, cookie } = await waitUntilNamed(page, baseURL!, studyUid);
  const named = await studyPage({ cookie });
  expect(named.headers['cache-control']).toBe('private, no-store');
  // Without a session, or with a forged one, the page names nothing of the study.
  const forged: Record<string, string>[] = [{}, { cookie: cookie.replace(/=([^;]{8})/, '=AAAAAAAA') }];
  for (const headers of forged) {
    const anonymous = await studyPage(headers);
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).not.toContain(`id="${FIRST_IMAGE_HINT_ID}"`);
    expect(anonymous.text).not.toContain(studyUid);
  }

  // Fresh browsers on a screen of their own, whose earlier pages set the screen cookie (src/domain/viewer/screen-cookie.ts):
  // the series list, metadata and real frames are held back; the page shows the named image all the same. The screen
  // is smaller than the 512² slice, so that its preview is one no earlier page of this run has asked for.
  const screen = { width: 480, height: 360 };
  const openFresh = async () => {
    const context = await browser.newContext({ storageState: await page.context().storageState(), viewport: screen });
    await context.addCookies([{ name: SCREEN_COOKIE, value: `${screen.width}x${screen.height}x1`, url: baseURL! }]);
    const fresh = await context.newPage();
    let releaseStudy!: () => void;
    const studyHeld = new Promise<void>((resolve) => (releaseStudy = resolve));
    await fresh.route(
      (url) => url.pathname === `/dicom-web/studies/${studyUid}/series` || url.pathname === `/dicom-web/studies/${studyUid}/metadata`,
      async (route) => {
        await studyHeld;
        await route.continue();
      },
    );
    const releaseFrames = await holdFrames(fresh);
    await fresh.goto(`/study/${studyUid}`);
    await expect(fresh.getByTestId('shell-preview')).toBeVisible({ timeout: 30_000 });
    expect(await fresh.evaluate((shell) => performance.getEntriesByName(shell).length, FIRST_IMAGE_MARKS.shell)).toBe(1);
    releaseStudy();
    releaseFrames();
    await expect(viewport(fresh)).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    await expect(fresh.getByTestId('shell-preview')).toHaveCount(0);
    const rendered = await fresh.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => e.name.includes('/rendered?'))
        .map((e) => e.serverTiming.map((t) => t.name)),
    );
    const carried = await fresh.evaluate((id) => document.getElementById(id) !== null, FIRST_IMAGE_PREVIEW_ID);
    await context.close();
    return { rendered, carried };
  };
  // First on this screen: the server starts the render as it serves the page (server/gateway/rendered-previews.ts),
  // and the page's one request for it (the viewer takes the page's bitmap) gets that answer.
  expect(await openFresh()).toEqual({ rendered: [[PREVIEW_KEPT_TIMING]], carried: false });
  // Next time the server has it: the page carries the preview itself, and nobody asks for it.
  expect(await openFresh()).toEqual({ rendered: [], carried: true });
});

test('a named chest CR: the page itself paints its preview, stretched to the window the decoded image then gets', async ({ page, pacs, browser, baseURL }) => {
  const studyUid = uidFrom(`${RUN}CR`);
  expect((await pacs.stowFile(copyUnderNewStudy(CHEST_CR_J2K, studyUid, { id: `FC${RUN}` }))).rejected).toEqual([]);
  await waitUntilNamed(page, baseURL!, studyUid);
  await page.goto('/');
  const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(CHEST_CR_J2K)), { untilTag: 'x7fe00010' });
  const [columns, rows] = [ds.uint16('x00280011')!, ds.uint16('x00280010')!];

  // Held back: the study's series list and metadata, its frames, and every script but the page's own (the shell module and the app).
  const context = await browser.newContext({ storageState: await page.context().storageState(), viewport: page.viewportSize() });
  const fresh = await context.newPage();
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await fresh.route(
    (url) => url.pathname.endsWith('.js') || url.pathname.endsWith('/series') || url.pathname.endsWith('/metadata') || isFrameRequest(url),
    async (route) => {
      await released;
      await route.continue();
    },
  );
  await fresh.goto(`/study/${studyUid}`, { waitUntil: 'commit' });
  await expect(fresh.getByTestId('shell-preview')).toBeVisible({ timeout: 30_000 });
  const shellMeans = await canvasMeans(fresh, '[data-testid=shell-preview]', columns, rows, GRID);
  // MONOCHROME1 as the viewer shows it, with the percentile window: lung fields darker than the mediastinum.
  expect(shellMeans[11]).toBeLessThan(shellMeans[12] - 30);
  expect(shellMeans[13]).toBeLessThan(shellMeans[12] - 30);

  release();
  await expect(viewport(fresh)).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
  const fullMeans = await canvasMeans(fresh, '[data-testid=viewer-viewport] canvas', columns, rows, GRID);
  const largest = Math.max(...fullMeans.map((mean, i) => Math.abs(mean - shellMeans[i])));
  expect(largest, `page's preview ${shellMeans.map(Math.round)} vs image ${fullMeans.map(Math.round)}`).toBeLessThanOrEqual(12);
  await context.close();
});
