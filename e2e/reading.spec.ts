/**
 * Reading workflow against the real app, a real Orthanc and Chromium: AI result SRs are seeded
 * here with the project's builders (not by the AI worker), then a reader reviews, reports, reloads,
 * decides while the PACS is down, and the monitoring page counts what was stored. Last, on a study
 * of its own: a region drawn on the image goes into the assessment SR, and signing off marks the
 * study read for signed-in readers.
 */
import type { Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { orthancReadingStore } from '../server/reading/reading-store-orthanc';
import { E2E_SIZES, planDemo, type PlannedStudy } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import { aiResultSr, type NaturalDataset, parseDokueiSr, type ParsedDokueiSr, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import type { AiFinding } from '../src/domain/ai/result/types';
import { parseReadingState, type ReadingState } from '../src/domain/triage/reading-state';
import { COMMITTED_ALGORITHMS } from './support/chest-study';
import { expect, type PacsHandle, test } from './support/fixtures';
import { E2E_ACCOUNTS } from './support/accounts';
import { apiAs, signedInPage } from './support/reader-app';

type Json = Record<string, { Value?: unknown[] }>;

async function dicomWeb(pacs: PacsConfig, path: string): Promise<Json[]> {
  const response = await fetch(`${pacs.url}/dicom-web/${path}`, { headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' } });
  expect(response.status, path).toBe(200);
  const text = await response.text();
  return text.trim() ? JSON.parse(text) : [];
}

/** Every Dokuei SR of a study, parsed from Orthanc's WADO-RS metadata. */
async function studySrs(pacs: PacsConfig, study: string): Promise<ParsedDokueiSr[]> {
  const series = await dicomWeb(pacs, `studies/${study}/series?Modality=SR`);
  const metadata = await Promise.all(series.map((s) => dicomWeb(pacs, `studies/${study}/series/${String(s['0020000E'].Value?.[0])}/metadata`)));
  return metadata.flat().map(parseDokueiSr);
}

const ofKind = <K extends ParsedDokueiSr['kind']>(srs: ParsedDokueiSr[], kind: K) =>
  srs.filter((sr): sr is Extract<ParsedDokueiSr, { kind: K }> => sr.kind === kind);

const MODEL_NAME = COMMITTED_ALGORITHMS.map((a) => `${a.id}@${a.version}`)
  .sort()
  .join(' + ');

/** Two PA chest studies; the first has an earlier study of the same patient to compare with. */
function chestStudies(): [PlannedStudy, PlannedStudy] {
  const plan = planDemo(resolveDataDir(), E2E_SIZES);
  const isPa = (s: PlannedStudy) => s.images.some((i) => i.viewPosition === 'PA');
  const withPrior = plan.find((s) => isPa(s) && plan.some((p) => p.patientId === s.patientId && p.studyDate < s.studyDate));
  const other = plan.find((s) => isPa(s) && s.patientId !== withPrior?.patientId);
  if (!withPrior || !other) throw new Error('the demo plan lacks two PA chest studies with a prior');
  return [withPrior, other];
}

/** STOWs an AI result SR about the study's PA image; returns it and the image's SOPInstanceUID. */
async function seedAiResult(pacs: PacsHandle, study: PlannedStudy, findings: AiFinding[]): Promise<{ sr: NaturalDataset; image: string }> {
  const instances = await dicomWeb(pacs, `studies/${study.studyInstanceUid}/metadata`);
  const image = instances.find((ds) => ds['00185101']?.Value?.[0] === 'PA') ?? instances[0];
  const source = sourceImageFromDataset(image as NaturalDataset);
  const sr = aiResultSr({ source, computedAt: new Date(), algorithms: COMMITTED_ALGORITHMS, findings, qaFlags: [], lungAreas: [] });
  const stored = await pacs.stowFile(new Uint8Array(toPart10(sr)));
  expect(stored.rejected).toEqual([]);
  return { sr, image: source.sopInstanceUid };
}

const finding = (label: string, probability: number): AiFinding => ({ label, probability, threshold: 0.5, positive: probability >= 0.5 });
const item = (page: Page, label: string) => page.locator(`[data-testid="review-item"][data-label="${label}"]`);
const reviewList = (page: Page) => page.getByRole('listbox', { name: 'AI findings to review' });

async function openStudy(page: Page, study: PlannedStudy) {
  await page.goto(`/study/${study.studyInstanceUid}`);
  await expect(page.getByTestId('study-reading')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
  await reviewList(page).focus();
}

test.describe.serial('reading workflow', () => {
  const [studyA, studyB] = chestStudies();

  test('a reader accepts, rejects, adds a missed finding and signs the report; Orthanc holds the SRs', async ({ page, pacs }) => {
    const aiA = await seedAiResult(pacs, studyA, [finding('abnormal', 0.91), finding('effusion', 0.72), finding('pneumonia', 0.12)]);
    await openStudy(page, studyA);
    await expect(page.getByTestId('review-item')).toHaveCount(3);

    await page.keyboard.press('a'); // abnormal, the first item
    await expect(item(page, 'abnormal')).toHaveAttribute('data-decision', 'accept');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('r');
    await page.getByLabel('Rejection reason').fill('pleural thickening');
    await page.keyboard.press('Enter');
    await expect(item(page, 'effusion')).toHaveAttribute('data-decision', 'reject');
    await page.keyboard.press('n');
    await page.getByLabel('Finding label').fill('nodule');
    await page.getByLabel(/^Region/).fill('100 120 40 40');
    await page.keyboard.press('Enter');
    await expect(item(page, 'nodule')).toHaveAttribute('data-decision', 'add');
    await expect(page.getByTestId('review-sync')).toHaveAttribute('data-pending', '0');

    const editor = page.getByTestId('report-editor');
    await expect(editor.getByLabel('Findings')).toHaveValue('Abnormal.\nNodule.');
    await expect(editor.getByLabel('Comparison')).toHaveValue(/Compared with/);
    await editor.getByRole('button', { name: 'Sign off' }).click();
    await expect(editor.getByRole('alert')).toContainText('impression is empty');
    await expect(page.getByTestId('report-signed')).toHaveCount(0);
    await editor.getByLabel('Impression').fill('Nodule in the right upper zone.');
    await editor.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByTestId('report-signed')).toHaveAttribute('data-pending', 'false');
    await expect(page.getByTestId('report-impression')).toContainText('Nodule in the right upper zone.');

    const srs = await studySrs(pacs, studyA.studyInstanceUid);
    const assessments = ofKind(srs, 'assessment');
    expect(assessments).toHaveLength(3);
    for (const a of assessments) {
      expect(a.content.aiResult.sopInstanceUid).toBe(aiA.sr.SOPInstanceUID);
      expect(a.image.sopInstanceUid).toBe(aiA.image);
      expect(a.content.reader.Alphabetic, 'the server stamps the signed-in reader').toBe(E2E_ACCOUNTS.reader.dicomName);
    }
    const decisions = assessments
      .flatMap((a) => a.content.decisions)
      .map(({ decision, label, ...rest }) => ({
        decision,
        label,
        reason: 'reason' in rest ? rest.reason : undefined,
        region: 'region' in rest ? rest.region : undefined,
      }));
    expect(decisions).toEqual(
      expect.arrayContaining([
        { decision: 'accept', label: 'abnormal', reason: undefined, region: undefined },
        { decision: 'reject', label: 'effusion', reason: 'pleural thickening', region: undefined },
        { decision: 'add', label: 'nodule', reason: undefined, region: { kind: 'box', x: 100, y: 120, width: 40, height: 40 } },
      ]),
    );
    const [report] = ofKind(srs, 'report');
    expect(report.document.completion).toBe('COMPLETE');
    expect(report.document.verification?.verifier.Alphabetic, 'the server stamps the signed-in reader').toBe(E2E_ACCOUNTS.reader.dicomName);
    expect(report.content.findings).toEqual([
      { text: 'Abnormal.', label: 'abnormal' },
      { text: 'Nodule.', label: 'nodule' },
    ]);
    expect(report.content.impression).toBe('Nodule in the right upper zone.');
    const prior = planDemo(resolveDataDir(), E2E_SIZES)
      .filter((s) => s.patientId === studyA.patientId && s.studyDate < studyA.studyDate)
      .sort((a, b) => b.studyDate.localeCompare(a.studyDate))[0];
    expect(report.content.comparison?.studyInstanceUid).toBe(prior.studyInstanceUid);
  });

  test('a reload shows the same decisions and the signed report, read from the PACS', async ({ page }) => {
    await openStudy(page, studyA);
    await expect(item(page, 'abnormal')).toHaveAttribute('data-decision', 'accept');
    await expect(item(page, 'effusion')).toHaveAttribute('data-decision', 'reject');
    await expect(item(page, 'effusion')).toContainText('pleural thickening');
    await expect(item(page, 'nodule')).toHaveAttribute('data-decision', 'add');
    await expect(page.getByTestId('report-findings')).toContainText('Nodule.');
    await expect(page.getByTestId('report-impression')).toContainText('Nodule in the right upper zone.');
  });

  test('decisions made while Orthanc is down are queued, shown as pending, and reach it once it is back', async ({ page, pacs }) => {
    const aiB = await seedAiResult(pacs, studyB, [finding('abnormal', 0.8), finding('effusion', 0.66)]);
    await openStudy(page, studyB);
    await pacs.stopOrthanc();
    await page.keyboard.press('a');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('r');
    // The reason form takes focus once React has rendered it; Enter before that would go to the list.
    await expect(page.getByLabel('Rejection reason')).toBeFocused();
    await page.keyboard.press('Enter'); // a reject without a reason
    await expect(item(page, 'effusion')).toHaveAttribute('data-decision', 'reject');
    await expect(item(page, 'abnormal')).toHaveAttribute('data-pending', 'true');
    await expect(page.getByTestId('review-sync')).toHaveAttribute('data-pending', '2');
    await expect(page.getByTestId('review-sync')).toContainText('Last error');

    // A reload while the PACS is down still shows them: the outbox lives in IndexedDB.
    await page.reload();
    await expect(page.getByTestId('review-sync')).toHaveAttribute('data-pending', '2');

    await pacs.startOrthanc();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByTestId('review-sync')).toHaveAttribute('data-pending', '0', { timeout: 60_000 });
    const assessments = ofKind(await studySrs(pacs, studyB.studyInstanceUid), 'assessment');
    expect(assessments.map((a) => a.content.aiResult.sopInstanceUid)).toEqual([aiB.sr.SOPInstanceUID, aiB.sr.SOPInstanceUID]);
    expect(assessments.flatMap((a) => a.content.decisions.map((d) => `${d.decision} ${d.label}`)).sort()).toEqual(['accept abnormal', 'reject effusion']);

    await openStudy(page, studyB);
    await expect(item(page, 'abnormal')).toHaveAttribute('data-pending', 'false');
    await expect(item(page, 'effusion')).toHaveAttribute('data-decision', 'reject');
  });

  test('the monitoring page shows the agreement the test stored', async ({ page }) => {
    // Hand count over both studies: positives assessed 4 (A abnormal ✓, A effusion ✗, B abnormal ✓, B effusion ✗),
    // accepted 2, rejected 2, added by the reader 1 (nodule) → PPV 2/4, sensitivity 2/3.
    const model = page.locator(`[data-testid="monitoring-model"][data-model="${MODEL_NAME}"]`);
    // The server indexes SRs once Orthanc calls the study stable: reload as a person would until it has.
    await expect
      .poll(
        async () => {
          await page.goto('/monitoring');
          return (
            (await model
              .getByTestId('m-ppv')
              .textContent({ timeout: 15_000 })
              .catch(() => '')) ?? ''
          );
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toContain('2 / 4 = 50.0 %');
    await expect(model.getByTestId('m-sensitivity')).toContainText('2 / 3 = 66.7 %');
    await expect(model.getByTestId('m-fp')).toHaveText('2');
    await expect(model.getByTestId('m-fn')).toHaveText('1');
    await expect(model.getByRole('img', { name: 'Probability histogram of abnormal' })).toBeVisible();
  });
});

/** A study of one PA image (patient of neither A nor B): the viewer opens on the image the AI result is about. */
function singleImageStudy(others: readonly PlannedStudy[]): PlannedStudy {
  const study = planDemo(resolveDataDir(), E2E_SIZES).find(
    (s) => s.images.length === 1 && s.images[0].viewPosition === 'PA' && others.every((o) => o.patientId !== s.patientId),
  );
  if (!study) throw new Error('the demo plan lacks a single-image PA study');
  return study;
}

/** The study's reading state as Orthanc holds it, read the way the app server reads it. */
async function storedReading(pacs: PacsConfig, studyUID: string): Promise<ReadingState> {
  const store = orthancReadingStore(pacs);
  const id = await store.studyId(studyUID);
  expect(id, studyUID).not.toBeNull();
  return parseReadingState((await store.read(id as string)).text);
}

test.describe.serial('drawing a region and signing off', () => {
  const study = singleImageStudy(chestStudies());

  test('a rectangle drawn on the image becomes the region of a missed finding in the assessment SR', async ({ page, pacs }) => {
    const ai = await seedAiResult(pacs, study, [finding('abnormal', 0.3), finding('effusion', 0.2)]);
    await page.goto(`/study/${study.studyInstanceUid}`);
    await expect(page.getByTestId('study-reading')).toHaveAttribute('data-phase', 'ready', { timeout: 60_000 });
    const viewport = page.getByTestId('viewer-viewport');
    await expect(viewport).toHaveAttribute('data-render-state', 'shown', { timeout: 60_000 });
    await expect(viewport).toHaveAttribute('data-sop-instance-uid', ai.image);

    // The image fills the viewport as large as it fits, centred: image pixel ↔ page position.
    const [columns, rows] = (await viewport.getAttribute('data-image-size'))!.split('x').map(Number);
    const box = (await viewport.boundingBox())!;
    const scale = Math.min(box.width / columns, box.height / rows);
    const onPage = (x: number, y: number) =>
      [box.x + (box.width - columns * scale) / 2 + x * scale, box.y + (box.height - rows * scale) / 2 + y * scale] as const;
    const drawn = { x: Math.round(columns * 0.3), y: Math.round(rows * 0.35), width: Math.round(columns * 0.25), height: Math.round(rows * 0.2) };

    await page.keyboard.press('r');
    await expect(page.locator('.viewer-tool[title^="Rectangle ROI"]')).toHaveAttribute('aria-pressed', 'true');
    await page.mouse.move(...onPage(drawn.x, drawn.y));
    await page.mouse.down();
    await page.mouse.move(...onPage(drawn.x + drawn.width, drawn.y + drawn.height), { steps: 10 });
    await page.mouse.up();
    await expect(page.getByTestId('viewer-measurement-list')).toContainText('Rect');

    await reviewList(page).focus();
    await page.keyboard.press('n');
    await page.getByLabel('Finding label').fill('nodule');
    await page.getByRole('button', { name: 'Use drawn region' }).click();
    await expect(page.getByLabel(/^Region/)).toHaveValue(/^[\d.]+ [\d.]+ [\d.]+ [\d.]+$/);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(item(page, 'nodule')).toHaveAttribute('data-decision', 'add');
    await expect(page.getByTestId('review-sync')).toHaveAttribute('data-pending', '0');

    const added = ofKind(await studySrs(pacs, study.studyInstanceUid), 'assessment')
      .flatMap((a) => a.content.decisions)
      .find((d) => d.decision === 'add' && d.label === 'nodule');
    const region = added && 'region' in added ? added.region : undefined;
    if (region?.kind !== 'box') throw new Error(`the added finding has no box region: ${JSON.stringify(added)}`);
    // A few image pixels of slack: where the handles land within one screen pixel.
    const slack = Math.max(3, 2 / scale);
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      expect(Math.abs(region[key] - drawn[key]), `${key}: stored ${region[key]}, drawn ${drawn[key]}`).toBeLessThanOrEqual(slack);
    }
  });

  test('signing off marks the study read; while another reader holds it, the reader is told and can retry', async ({ browser, pacs }) => {
    const other = await apiAs('other');
    const asOther = (action: 'claim' | 'release') => other.fetch(`/api/reading-state/${study.studyInstanceUid}/${action}`, { method: 'POST' });
    expect((await asOther('claim')).status).toBe(200);

    const page = await signedInPage(browser, 'reader');
    await openStudy(page, study);
    const editor = page.getByTestId('report-editor');
    await expect(editor.getByLabel('Findings')).toHaveValue('Nodule.');
    await editor.getByLabel('Impression').fill('Nodule, left mid zone.');
    await editor.getByRole('button', { name: 'Sign off' }).click();
    await expect(page.getByTestId('report-signed')).toHaveAttribute('data-pending', 'false');
    const status = page.getByTestId('report-read-status');
    await expect(status).toHaveAttribute('data-status', 'refused');
    await expect(status).toContainText('not marked read: claimed by other');
    expect(await storedReading(pacs, study.studyInstanceUid)).toMatchObject({ status: 'in-progress', stamp: { by: 'other' } });

    expect((await asOther('release')).status).toBe(200);
    await status.getByRole('button', { name: 'Mark study read' }).click();
    await expect(status).toHaveAttribute('data-status', 'read');
    await expect(status).toHaveText('Study marked read by reader.');
    expect(await storedReading(pacs, study.studyInstanceUid)).toMatchObject({ status: 'read', stamp: { by: 'reader' } });
    const [report] = ofKind(await studySrs(pacs, study.studyInstanceUid), 'report');
    expect(report.content.impression).toBe('Nodule, left mid zone.');

    await page.goto('/');
    await page.getByLabel('Search studies').fill(study.accessionNumber);
    await expect(page.locator(`.worklist-body [data-study-uid="${study.studyInstanceUid}"] [data-reading]`)).toHaveText(/read: reader/, { timeout: 30_000 });
    await page.context().close();
  });
});
