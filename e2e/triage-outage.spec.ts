/**
 * The browser's background AI triage and a PACS that goes away for a few seconds (issue #13): the
 * studies it could not reach wait ("waiting for PACS") and are retried once Orthanc is back; none
 * ends as an error, and "AI triage n of N" counts only studies with an outcome.
 */
import type { Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { syntheticInstance, syntheticStudy } from '../tools/seed/synthetic';
import { expect, test } from './support/fixtures';

const ARRIVALS = 4;

/** New synthetic chest studies, STAT so that they sort into the worklist's first page and the queue's head. */
function statArrivals(): ReturnType<typeof syntheticInstance>[] {
  const first = 2_000_000 + Math.floor(Math.random() * 1e6);
  const indices: number[] = [];
  for (let index = first; indices.length < ARRIVALS; index++) if (syntheticStudy(index).priority === 'STAT') indices.push(index);
  return indices.map(syntheticInstance);
}

async function srSeriesOf(pacs: PacsConfig, studyUid: string): Promise<number> {
  const response = await fetch(`${pacs.url}/dicom-web/studies/${studyUid}/series?Modality=SR`, {
    headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' },
  });
  expect(response.status).toBe(200);
  const text = await response.text();
  return text.trim() ? (JSON.parse(text) as unknown[]).length : 0;
}

async function progressOf(page: Page): Promise<{ done: number; total: number }> {
  const triage = page.getByTestId('ai-triage');
  const [done, total] = await Promise.all(['data-done', 'data-total'].map(async (name) => Number(await triage.getAttribute(name))));
  return { done, total };
}

test('triage waits while Orthanc is down, then gives every queued study a result, none an error', async ({ page, pacs }) => {
  test.setTimeout(600_000);
  const arrivals = statArrivals();
  for (const arrival of arrivals) expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
  // The server indexes an arrival once Orthanc calls it stable: the queue is filled from the index.
  for (const { study } of arrivals) {
    await expect
      .poll(async () => ((await (await page.request.get(`/api/worklist?q=${study.accessionNumber}`)).json()) as { rows: unknown[] }).rows.length, {
        timeout: 60_000,
      })
      .toBe(1);
  }

  // The models' downloads are held until Orthanc is down, so no study can finish before the outage.
  let releaseModels: () => void = () => {};
  const modelsHeld = new Promise<void>((resolve) => (releaseModels = resolve));
  await page.context().route(/\.onnx$/, async (route) => {
    await modelsHeld;
    await route.continue();
  });
  await page.goto('/');
  const triage = page.getByTestId('ai-triage');
  await expect.poll(async () => (await progressOf(page)).total, { timeout: 60_000 }).toBeGreaterThanOrEqual(ARRIVALS);

  await pacs.stopOrthanc();
  releaseModels();
  await expect(triage).toHaveAttribute('data-pacs-waiting', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('ai-triage-pacs-wait')).toContainText('PACS unreachable');
  // While the PACS is down no study gets an outcome: n stays below N and does not move.
  const during = await progressOf(page);
  expect(during.done).toBeLessThan(during.total);
  for (let sample = 0; sample < 4; sample++) {
    await page.waitForTimeout(1_000);
    expect(await progressOf(page), 'progress while the PACS is down').toEqual(during);
  }
  // The browser's own AI cell (class ai-cell) of the study it last tried says so, not "failed".
  await expect(page.locator('.ai-cell[data-ai-phase="waiting"]').first()).toBeAttached();
  await expect(triage).toHaveAttribute('data-failed', '0');

  await pacs.startOrthanc();
  await expect
    .poll(
      async () => {
        const { done, total } = await progressOf(page);
        return done === total;
      },
      { timeout: 420_000, intervals: [1_000] },
    )
    .toBe(true);
  await expect(triage).toHaveAttribute('data-pacs-waiting', 'false');
  // Earlier specs leave studies no decoder reads (their failure is theirs): none of the arrivals failed.
  for (const { study } of arrivals) {
    await expect(page.locator(`[data-study-uid="${study.studyInstanceUid}"] .ai-cell[data-ai-phase="failed"]`), study.accessionNumber).toHaveCount(0);
  }
  const after = await progressOf(page);
  const failed = await triage.getAttribute('data-failed');
  console.log(
    `[triage-outage] AI triage ${during.done} of ${during.total} while Orthanc was down, ${after.done} of ${after.total} after, ${failed} failed (none of the arrivals)`,
  );
  // Each arrival's result reached the PACS as an AI result SR.
  for (const { study } of arrivals) expect(await srSeriesOf(pacs, study.studyInstanceUid), study.accessionNumber).toBeGreaterThanOrEqual(1);
});
