/**
 * One study, one fetch of each thing: opening a chest study (with an AI result SR and a prior) in a
 * fresh page, then comparing it with its prior, asks the PACS for the study's series list, each
 * series' metadata, its SRs and the patient's studies once each, whichever features read them (the
 * viewer, the AI panel, the review panel, the report comparison, the priors strip and timeline,
 * the prior pane): they all read through one study cache (src/services/pacs/study-cache.ts).
 */
import type { Request } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { E2E_SIZES, planDemo, type PlannedStudy } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import { syntheticInstance } from '../tools/seed/synthetic';
import { aiResultSr, type NaturalDataset, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import { COMMITTED_ALGORITHMS } from './support/chest-study';
import { expect, test } from './support/fixtures';

type Json = Record<string, { Value?: unknown[] }>;

async function dicomWeb(pacs: PacsConfig, path: string): Promise<Json[]> {
  const response = await fetch(`${pacs.url}/dicom-web/${path}`, { headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' } });
  expect(response.status, path).toBe(200);
  const text = await response.text();
  return text.trim() ? JSON.parse(text) : [];
}

/** An AI result SR about the study's first image, by the app's own model builds, stored Node-side (as the server's worker would). */
async function storeAiResultSr(pacs: PacsConfig & { stowFile(bytes: Uint8Array): Promise<{ rejected: unknown[] }> }, uid: string): Promise<void> {
  const instances = await dicomWeb(pacs, `studies/${uid}/metadata`);
  const image = instances.find((ds) => ds['00185101']?.Value?.[0] === 'PA') ?? instances[0];
  const sr = aiResultSr({
    source: sourceImageFromDataset(image as NaturalDataset),
    computedAt: new Date(),
    algorithms: COMMITTED_ALGORITHMS,
    findings: [{ label: 'effusion', probability: 0.8, threshold: 0.5, positive: true }],
    qaFlags: [],
    lungAreas: [],
  });
  expect((await pacs.stowFile(new Uint8Array(toPart10(sr)))).rejected).toEqual([]);
}

/**
 * A PA chest study with an earlier study of the same patient, of a patient the reading spec does not
 * use (it takes the first such study of the plan and another patient's first PA study).
 */
function chestStudyWithPrior(): { study: PlannedStudy; prior: PlannedStudy } {
  const plan = planDemo(resolveDataDir(), E2E_SIZES);
  const isPa = (s: PlannedStudy) => s.images.some((i) => i.viewPosition === 'PA');
  const priorsOf = (s: PlannedStudy) =>
    plan.filter((p) => p.patientId === s.patientId && p.studyDate < s.studyDate).sort((a, b) => b.studyDate.localeCompare(a.studyDate));
  const candidates = plan.filter((s) => isPa(s) && priorsOf(s).length > 0);
  const firstPa = plan.find((s) => isPa(s) && s.patientId !== candidates[0]?.patientId);
  const study = [...candidates].reverse().find((s) => s.patientId !== candidates[0]?.patientId && s.patientId !== firstPa?.patientId);
  if (!study) throw new Error('the demo plan lacks a PA chest study with a prior of a third patient');
  return { study, prior: priorsOf(study)[0] };
}

/** The DICOMweb requests of one page, by kind, for one study. */
function requestLog() {
  const urls: URL[] = [];
  return {
    record: (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname.includes('/dicom-web/')) urls.push(url);
    },
    /** GET /studies/{uid}/series (any query). */
    seriesQueries: (uid: string) => urls.filter((u) => u.pathname.endsWith(`/studies/${uid}/series`)).length,
    studyMetadata: (uid: string) => urls.filter((u) => u.pathname.endsWith(`/studies/${uid}/metadata`)).length,
    seriesMetadata: (uid: string, series: string) => urls.filter((u) => u.pathname.endsWith(`/studies/${uid}/series/${series}/metadata`)).length,
    studyQueries: (key: string, value: string) => urls.filter((u) => u.pathname.endsWith('/studies') && u.searchParams.get(key) === value).length,
    all: (uid: string) =>
      urls
        .filter((u) => u.pathname.includes(`/studies/${uid}`) && !u.pathname.includes('/frames/') && !/\/instances\/[^/]+$/.test(u.pathname))
        .map((u) => `${u.pathname.replace(/.*\/dicom-web/, '')}${u.search}`),
  };
}

test("opening one study fetches its series list, its metadata, its SRs and the patient's studies once each", async ({ page, pacs }) => {
  test.setTimeout(180_000);
  const { study, prior } = chestStudyWithPrior();
  const uid = study.studyInstanceUid;

  // An AI result SR by the app's own model builds: the AI panel reads it back instead of computing.
  await storeAiResultSr(pacs, uid);
  const seriesUids = (await dicomWeb(pacs, `studies/${uid}/series`)).map((s) => String(s['0020000E'].Value?.[0]));
  expect(seriesUids.length).toBeGreaterThanOrEqual(2); // the image series and the SR's

  const log = requestLog();
  page.on('request', log.record);
  await page.goto(`/study/${uid}`);
  await expect(page.locator(`[data-testid=viewer][data-study-uid="${uid}"]`)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('ai-findings')).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('ai-result')).toHaveAttribute('data-origin', 'pacs-sr');
  await expect(page.getByTestId('study-reading')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('review-no-ai')).toHaveCount(0);
  await expect(page.getByTestId('priors-strip')).toHaveAttribute('data-status', 'ready');

  // Compare with the prior: its pane and the subtraction's chest-image lookup read through the cache too.
  await page.keyboard.press('c');
  await expect(page.getByTestId('prior-pane')).toHaveAttribute('data-study-uid', prior.studyInstanceUid);
  await expect(page.getByTestId('prior-viewport')).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
  await page.waitForTimeout(2_000); // late readers (the review's reload once the AI is done, the timeline) would show up here

  const counts = {
    seriesQueries: log.seriesQueries(uid),
    studyMetadata: log.studyMetadata(uid),
    seriesMetadata: Object.fromEntries(seriesUids.map((s) => [s, log.seriesMetadata(uid, s)])),
    currentStudyQuery: log.studyQueries('StudyInstanceUID', uid),
    patientStudiesQuery: log.studyQueries('PatientID', study.patientId),
    priorSeriesQueries: log.seriesQueries(prior.studyInstanceUid),
  };
  console.log(`study requests: ${JSON.stringify(counts)}\n  ${log.all(uid).join('\n  ')}`);

  expect(counts.seriesQueries, 'QIDO series of the study (SRs included)').toBe(1);
  // Each series' metadata once: by the whole-study WADO-RS, or by its own, never both or twice.
  for (const s of seriesUids) expect(counts.studyMetadata + counts.seriesMetadata[s], `metadata of series ${s}`).toBe(1);
  expect(counts.currentStudyQuery, "QIDO of the study's own record").toBe(1);
  expect(counts.patientStudiesQuery, "QIDO of the patient's studies").toBe(1);
  expect(counts.priorSeriesQueries, 'QIDO series of the prior').toBe(1);
});

test('an AI result SR stored elsewhere while the study is open shows in its review without a reload, read once more', async ({ page, pacs }) => {
  test.setTimeout(180_000);
  const arrival = syntheticInstance(3_000_000 + Math.floor(Math.random() * 1e6));
  expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
  const uid = arrival.study.studyInstanceUid;
  // No model loads in this page: its own AI never stores an SR (nor re-reads the review when done).
  await page.context().route(/\.onnx$/, (route) => route.abort());
  const log = requestLog();
  page.on('request', log.record);
  await page.goto(`/study/${uid}`);
  await expect(page.getByTestId('study-reading')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('review-no-ai')).toBeVisible();
  await expect(page.getByTestId('ai-findings')).toHaveAttribute('data-phase', 'failed', { timeout: 60_000 });
  const before = log.seriesQueries(uid);
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

  await storeAiResultSr(pacs, uid); // as the server's AI worker or another reader's browser would
  await expect(page.getByTestId('review-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('review-no-ai')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), 'no reload').toBe(true);
  // The change feed dropped the study from the cache once: its series list was read once more.
  expect(log.seriesQueries(uid) - before).toBe(1);
});
