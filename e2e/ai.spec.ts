import type { Browser, Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { E2E_SIZES, planDemo } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import { syntheticInstance } from '../tools/seed/synthetic';
import { E2E_ACCOUNTS } from './support/accounts';
import { expect, test } from './support/fixtures';

/** CT studies of the data set: no chest-radiograph model applies to them. */
const CT_QUERY = 'ModalitiesInStudy=CT';

async function orthanc(pacs: PacsConfig, path: string): Promise<Record<string, { Value?: unknown[] }>[]> {
  const response = await fetch(`${pacs.url}/dicom-web/${path}`, { headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' } });
  expect(response.status, path).toBe(200);
  const text = await response.text();
  return text.trim() ? JSON.parse(text) : [];
}

const value = (ds: Record<string, { Value?: unknown[] }>, tag: string) => String(ds[tag]?.Value?.[0] ?? '');
const triage = (page: Page) => page.getByTestId('ai-triage');

/** Waits until the background queue has finished every study it took (n of N with N > 0). */
async function triageFinished(page: Page): Promise<{ done: number; total: number; inferences: number }> {
  await expect(triage(page)).toBeVisible();
  await expect
    .poll(
      async () => {
        const [done, total] = await Promise.all(['data-done', 'data-total'].map((a) => triage(page).getAttribute(a)));
        return Number(total) > 0 && done === total;
      },
      { timeout: 300_000, intervals: [1000] },
    )
    .toBe(true);
  const read = async (a: string) => Number(await triage(page).getAttribute(a));
  return { done: await read('data-done'), total: await read('data-total'), inferences: await read('data-inferences-run') };
}

/** The seeded JPEG 2000 chest CR (dicom/chest_cr/RG1_J2KI.dcm): its study and the J2K instance (chosen: lowest InstanceNumber). */
const J2K_CR = { studyInstanceUid: '1.3.6.1.4.1.5962.1.2.9.20040826185059.5457', sopInstanceUid: '1.3.6.1.4.1.5962.1.1.9.1.3.20040826185059.5457' };

/** SOPInstanceUIDs each DICOM SEG of a study references (ReferencedSeriesSequence › ReferencedInstanceSequence). */
async function segReferences(pacs: PacsConfig, studyUid: string): Promise<string[]> {
  const series = await orthanc(pacs, `studies/${studyUid}/series?Modality=SEG`);
  const instances = (await Promise.all(series.map((s) => orthanc(pacs, `studies/${studyUid}/series/${value(s, '0020000E')}/metadata`)))).flat();
  return instances.flatMap((ds) => {
    const referenced = (ds['00081115']?.Value ?? []) as Record<string, { Value?: unknown[] }>[];
    return referenced.flatMap((r) => ((r['0008114A']?.Value ?? []) as Record<string, { Value?: unknown[] }>[]).map((i) => value(i, '00081155')));
  });
}

/** A demo chest study (a frontal NIH sample film) the queue must have analysed. */
function demoChestStudy() {
  const study = planDemo(resolveDataDir(), E2E_SIZES).find((s) => s.images.some((i) => i.viewPosition === 'PA'));
  if (!study) throw new Error('the demo plan has no PA chest study');
  return study;
}

async function freshPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test.describe.serial('in-browser AI', () => {
  test('opening the worklist triages the chest studies in the background and stores SRs in the PACS', async ({ page, pacs }) => {
    test.setTimeout(420_000);
    await page.goto('/');
    await expect(page.getByRole('progressbar', { name: 'AI triage progress' }).or(page.getByLabel('AI triage progress'))).toBeVisible();
    const { done, total, inferences } = await triageFinished(page);
    expect(done).toBe(total);
    expect(inferences, 'the models ran in this browser').toBeGreaterThan(0);
    await expect(page.getByTestId('ai-triage-text')).toContainText(`AI triage ${total} of ${total}`);
    // Benchmark figures (reported, never asserted): median worker ms per model and per study.
    console.log(`[ai] WASM medians (ms): ${await triage(page).getAttribute('data-median-ms')}`);

    // Every computed result went back to Orthanc as an SR; each demo chest study has one.
    const srSeries = await orthanc(pacs, 'series?Modality=SR&includefield=0020000D');
    expect(srSeries.length).toBeGreaterThanOrEqual(inferences);
    const withSr = new Set(srSeries.map((s) => value(s, '0020000D')));
    expect(withSr.has(demoChestStudy().studyInstanceUid)).toBe(true);
    // The JPEG 2000 CR was decoded in the worker (never transcoded by the PACS): it has its SR too.
    expect(withSr.has(J2K_CR.studyInstanceUid), 'the JPEG 2000 chest CR got a result').toBe(true);

    // The lung masks went in as DICOM SEG, each referencing the analysed image.
    const chest = demoChestStudy();
    const chestSop = chest.images.find((i) => i.viewPosition === 'PA')!.sopInstanceUid;
    expect(await segReferences(pacs, chest.studyInstanceUid)).toEqual([chestSop]);
    expect(await segReferences(pacs, J2K_CR.studyInstanceUid)).toEqual([J2K_CR.sopInstanceUid]);
  });

  test('a chest study shows calibrated findings, a heat map that follows zoom, and the lung mask', async ({ page }) => {
    const study = demoChestStudy();
    await page.goto(`/study/${study.studyInstanceUid}`);
    const panel = page.getByTestId('ai-findings');
    await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
    // A new browser context: the findings come from the SR in the PACS, which holds no heat maps…
    await expect(panel.getByTestId('ai-result')).toHaveAttribute('data-origin', 'pacs-sr');
    // …so the reader asks for them and the models run for this study.
    await panel.getByRole('button', { name: 'Compute heat maps and lung mask' }).click();
    await expect(panel.getByTestId('ai-result')).toHaveAttribute('data-origin', 'computed', { timeout: 120_000 });
    const rows = panel.locator('tr[data-finding]');
    await expect(rows).toHaveCount(3);
    // Each finding at both named points: which the value passes, validation sens/spec and the PPV at a stated prevalence.
    for (const point of ['flag', 'screen']) {
      await expect(rows.first().locator(`[data-point="${point}"]`)).toHaveText(
        new RegExp(`^${point} ≥ \\d+\\.\\d %: (passed|not passed) · sens \\d+ % spec \\d+ % · PPV \\d+ % at \\d+ % prevalence$`),
      );
    }
    await expect(panel).toContainText("PPV at each label's validation prevalence");
    // The call is the flag point's: positive exactly when the value passes it.
    const calls = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({ positive: tr.getAttribute('data-positive'), passed: tr.getAttribute('data-points-passed') ?? '' })),
    );
    for (const { positive, passed } of calls) expect(passed.split(' ').includes('flag')).toBe(positive === 'true');
    // Per-lung areas of an adult PA film (ImagerPixelSpacing of the NIH sample), said where the pixel size comes from.
    const areas = page.getByRole('list', { name: 'Lung areas' });
    await expect(areas).toContainText(/Both lungs: \d+\.\d cm²/);
    for (const side of ['right', 'left']) {
      const cm2 = Number(await areas.locator(`[data-side="${side}"]`).getAttribute('data-area-cm2'));
      expect(cm2, `${side} lung area`).toBeGreaterThan(100);
      expect(cm2, `${side} lung area`).toBeLessThan(400);
    }
    await expect(panel).toContainText('Pixel size from ImagerPixelSpacing, at the detector');
    // The result knows the SR and the SEG stored for it.
    await expect(panel.getByTestId('ai-origin')).toHaveAttribute('data-sr-uid', /^[0-9.]+$/);
    await expect(panel.getByTestId('ai-origin')).toHaveAttribute('data-seg-uid', /^[0-9.]+$/);

    await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    const overlay = page.getByTestId('ai-overlay');
    // The lung mask is a Cornerstone segmentation on the viewport: two segments, both with labelmap pixels.
    await expect(overlay).toHaveAttribute('data-lung-segments', '1 2');
    await expect(overlay).toHaveAttribute('data-lung-visible', 'true');
    const pixels = JSON.parse((await overlay.getAttribute('data-lung-pixels'))!) as Record<string, number>;
    expect(pixels['1']).toBeGreaterThan(0);
    expect(pixels['2']).toBeGreaterThan(0);
    // Cornerstone draws it into the viewport: hiding it changes the rendered pixels.
    const viewport = page.getByTestId('viewer-viewport');
    const withLungs = await viewport.screenshot({ path: test.info().outputPath('lungs-shown.png') });
    await panel.getByRole('checkbox', { name: 'Lung mask' }).uncheck();
    await expect(overlay).toHaveAttribute('data-lung-visible', 'false');
    await expect.poll(async () => (await viewport.screenshot()).equals(withLungs)).toBe(false);
    await panel.getByRole('checkbox', { name: 'Lung mask' }).check();
    await expect(overlay).toHaveAttribute('data-lung-visible', 'true');

    await expect(overlay).toHaveAttribute('data-drawn', '');
    await panel.getByLabel('Heat map for abnormal').check();
    await expect(overlay).toHaveAttribute('data-drawn', 'heatmap');
    await expect(page.getByTestId('ai-heatmap-legend')).toBeVisible();

    // Zoom with the right mouse button (the viewer's Zoom binding): the overlay's image corners move with it.
    const before = JSON.parse((await overlay.getAttribute('data-image-corners'))!) as number[][];
    const box = (await page.getByTestId('viewer-viewport').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 120, { steps: 8 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(async () => (await overlay.getAttribute('data-image-corners')) !== JSON.stringify(before)).toBe(true);
    const after = JSON.parse((await overlay.getAttribute('data-image-corners'))!) as number[][];
    const width = (c: number[][]) => Math.hypot(c[1][0] - c[0][0], c[1][1] - c[0][1]);
    const height = (c: number[][]) => Math.hypot(c[2][0] - c[0][0], c[2][1] - c[0][1]);
    // Same image, another scale: the aspect ratio of the mapped image is kept.
    expect(width(after) / height(after)).toBeCloseTo(width(before) / height(before), 2);
    expect(width(after)).not.toBeCloseTo(width(before), 0);
  });

  test('a JPEG 2000 chest CR is decoded in the AI worker: findings, lung segmentation, areas uncalibrated', async ({ page }) => {
    await page.goto(`/study/${J2K_CR.studyInstanceUid}`);
    const panel = page.getByTestId('ai-findings');
    await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
    await panel.getByRole('button', { name: 'Compute heat maps and lung mask' }).click();
    await expect(panel.getByTestId('ai-result')).toHaveAttribute('data-origin', 'computed', { timeout: 120_000 });
    await expect(panel.locator('tr[data-finding]')).toHaveCount(3);
    // Its PixelSpacing is 0\0 and it has no ImagerPixelSpacing: no areas in cm².
    await expect(panel.getByTestId('ai-lung-areas-uncalibrated')).toBeVisible();
    await expect(page.getByTestId('ai-overlay')).toHaveAttribute('data-lung-segments', '1 2', { timeout: 60_000 });
  });

  test('a CT study says no applicable model', async ({ page, pacs }) => {
    // The app's routes take numeric UIDs only (some anonymised CT in the data set has a hex "UID").
    const ct = (await orthanc(pacs, `studies?${CT_QUERY}`)).map((s) => value(s, '0020000D')).find((uid) => /^[0-9.]+$/.test(uid));
    expect(ct, 'the seed stores a CT study with a numeric UID').toBeTruthy();
    await page.goto(`/study/${ct}`);
    await expect(page.getByTestId('ai-no-model')).toContainText('No applicable model: no CR/DX image (study has CT');
    await expect(page.locator('tr[data-finding]')).toHaveCount(0);
  });

  test('a new browser reads the SRs from Orthanc instead of running the models again', async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    const { context, page } = await freshPage(browser, baseURL!);
    await page.goto('/');
    const { total, inferences } = await triageFinished(page);
    expect(total).toBeGreaterThan(0);
    expect(inferences, 'every result came from an SR').toBe(0);
    await page.goto(`/study/${demoChestStudy().studyInstanceUid}`);
    // A full page load: the worker loads its models again before it reads the SR.
    await expect(page.getByTestId('ai-findings')).toHaveAttribute('data-phase', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('ai-result')).toHaveAttribute('data-origin', 'pacs-sr');
    await expect(page.locator('tr[data-finding]')).toHaveCount(3);
    // The server stamped whose browser session ran the models when that SR was stored.
    await expect(page.getByTestId('ai-origin')).toContainText(`computed in the browser session of ${E2E_ACCOUNTS.reader.dicomName}`);
    await context.close();
  });

  test('a model whose sha256 does not match its manifest is refused and the app keeps working', async ({ browser, baseURL, pacs }) => {
    // The tests before analysed every seeded film: a new arrival gives the queue a study to load the models for.
    const arrival = syntheticInstance(800_000 + Math.floor(Math.random() * 1e6));
    expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
    const { context, page } = await freshPage(browser, baseURL!);
    await context.route(/cxr-triage[^/]*\.json$/, async (route) => {
      const manifest = await (await route.fetch()).json();
      await route.fulfill({ json: { ...manifest, sha256: '0'.repeat(64) } });
    });
    await page.goto('/');
    const refused = page.locator('[data-testid="ai-model-refused"][data-model="cxr-triage"]');
    await expect(refused).toContainText('sha256', { timeout: 120_000 });
    await expect(page.locator('.worklist-body [role="row"]').first()).toBeVisible();
    await context.close();
  });
});
