/**
 * "What changed" against the real PACS and the real models: the per-patient timeline of AI measures on a
 * seeded patient with several exams, temporal subtraction (shown only when the alignment it reports is good),
 * and the new-since-prior urgency reason in the worklist for a patient whose prior SR was negative.
 */
import type { Page } from '@playwright/test';
import { buildDemoInstance, readGrayPng } from '../tools/seed/demo-instance';
import { E2E_SIZES, planDemo, type PlannedStudy } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import type { GrayPlane } from '../src/domain/priors/registration/plane';
import { GOOD_ALIGNMENT_DETAIL } from '../src/domain/priors/registration/quality';
import { warp } from '../src/domain/priors/registration/warp';
import { aiResultSr, fromPart10, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import { cropCentre } from '../tests/domain/priors/registration/known-misalignment';
import { chestFilmStudy, COMMITTED_ALGORITHMS, dicomDateTime, uidFrom } from './support/chest-study';
import { expect, test, type PacsHandle } from './support/fixtures';

const DATA = resolveDataDir();
const plan = planDemo(DATA, E2E_SIZES);
const RUN = Date.now().toString(36).toUpperCase();

/** The seeded patient with the most exams, newest exam last. */
function patientWithMostExams(): PlannedStudy[] {
  const byPatient = new Map<string, PlannedStudy[]>();
  for (const study of plan) byPatient.set(study.patientId, [...(byPatient.get(study.patientId) ?? []), study]);
  const [exams] = [...byPatient.values()].sort((a, b) => b.length - a.length);
  return exams.sort((a, b) => a.studyDate.localeCompare(b.studyDate));
}

/** One chest film of patient `patient`, acquired `daysAgo` days ago. */
function plannedExam(patient: string, key: string, daysAgo: number): PlannedStudy {
  return chestFilmStudy({
    studyInstanceUid: uidFrom(`${RUN}${patient}${key}`),
    patientId: patient,
    patientName: `${patient}^${key}`,
    ...dicomDateTime(new Date(Date.now() - daysAgo * 86_400_000 - 3 * 60_000)),
    accessionNumber: `P${RUN}${key}`.slice(0, 16),
    priority: 'ROUTINE',
    file: key,
  });
}

async function stow(pacs: PacsHandle, bytes: Uint8Array): Promise<void> {
  expect((await pacs.stowFile(bytes)).rejected).toEqual([]);
}

async function openStudy(page: Page, studyUid: string): Promise<void> {
  await page.goto(`/study/${studyUid}`);
  await expect(page.locator(`[data-testid=viewer][data-study-uid="${studyUid}"]`)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('priors-strip')).toHaveAttribute('data-status', 'ready');
}

/** Compare layout (c) with the subtraction (d) in place of the prior pane. */
async function openSubtraction(page: Page, studyUid: string) {
  await openStudy(page, studyUid);
  await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', 'shown');
  await page.keyboard.press('c');
  await expect(page.getByTestId('prior-pane')).toBeVisible();
  await page.keyboard.press('d');
  const view = page.getByTestId('subtraction-view');
  await expect(view).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return view;
}

test.describe('what changed since the prior', () => {
  test('the timeline shows every exam of a patient, marks the current one and plots the AI measures', async ({ page }) => {
    test.setTimeout(300_000);
    const exams = patientWithMostExams();
    const current = exams.at(-1)!;
    await openStudy(page, current.studyInstanceUid);
    await page
      .getByTestId('priors-strip')
      .getByRole('button', { name: /^Timeline/ })
      .click();
    const timeline = page.getByTestId('prior-timeline');
    await expect(timeline.getByTestId('timeline-exam')).toHaveCount(exams.length);
    const currentRow = timeline.locator('[data-testid="timeline-exam"][data-current="true"]');
    await expect(currentRow).toHaveCount(1);
    await expect(currentRow).toHaveAttribute('data-study-uid', current.studyInstanceUid);

    // Every exam gets an AI result (SR, cache or a fresh run) or a stated reason; none stays pending.
    await expect(timeline.getByTestId('timeline-exam').filter({ hasText: 'AI result pending' })).toHaveCount(0, { timeout: 240_000 });
    const chart = timeline.getByTestId('timeline-chart').first();
    await expect(chart).toBeVisible();
    // Each dated exam is a point or a gap on every chart, and the current point is the marked one.
    const points = chart.getByTestId('timeline-point');
    expect((await points.count()) + (await chart.getByTestId('timeline-gap').count())).toBe(exams.length);
    await expect(chart.locator('[data-testid="timeline-point"][data-current="true"]')).toHaveAttribute('data-study-uid', current.studyInstanceUid);
    await expect(points.first().locator('title')).toHaveText(/^\d{4}-\d{2}-\d{2}.*: \S+ \d/);
  });

  test('the subtraction of a seeded patient is shown only when the alignment it reports is good', async ({ page }) => {
    test.setTimeout(180_000);
    const exams = patientWithMostExams();
    const view = await openSubtraction(page, exams.at(-1)!.studyInstanceUid);
    const quality = view.getByTestId('subtraction-quality');
    const verdict = await quality.getAttribute('data-verdict');
    const detail = Number(await quality.getAttribute('data-detail'));
    await expect(quality).toContainText(
      /Alignment (good|poor): detail similarity -?\d\.\d\d, shift -?\d+\.\d, -?\d+\.\d px, rotation -?\d+\.\d°, overlap \d+ %/,
    );
    if (verdict === 'good') {
      expect(detail).toBeGreaterThanOrEqual(GOOD_ALIGNMENT_DETAIL);
      await expect(view.getByTestId('subtraction-canvas')).toBeVisible();
      await expect(view.getByTestId('subtraction-legend')).toContainText('grey unchanged');
    } else {
      expect(verdict).toBe('poor');
      await expect(view.getByTestId('subtraction-refusal')).toContainText('Alignment too poor for a subtraction');
      await expect(view.getByTestId('subtraction-canvas')).toHaveCount(0);
    }
    await view.getByRole('button', { name: 'Aligned prior' }).click();
    await expect(view.getByTestId('subtraction-canvas')).toBeVisible();
  });

  test('a prior that is the same film moved by a few pixels aligns well and is subtracted', async ({ page, pacs }) => {
    test.setTimeout(180_000);
    const patient = `SUBTR${RUN}`;
    const source = readGrayPng(`${DATA}/cxr_nih14_sample/images/00000003_000.png`);
    const plane: GrayPlane = { width: source.width, height: source.height, data: Float32Array.from(source.pixels) };
    const asPixels = (p: GrayPlane) => ({ width: p.width, height: p.height, pixels: Uint8Array.from(p.data, (v) => Math.round(v)) });
    // Cropped centrally so neither film shows the empty corners of the move.
    const films = { now: cropCentre(warp(plane, { tx: 14, ty: -9, rotationDeg: 2, scale: 1 }, plane), 128), before: cropCentre(plane, 128) };
    const studies = { now: plannedExam(patient, 'NOW', 0), before: plannedExam(patient, 'BEFORE', 30) };
    for (const key of ['now', 'before'] as const) await stow(pacs, buildDemoInstance(studies[key], studies[key].images[0], asPixels(films[key])));

    const view = await openSubtraction(page, studies.now.studyInstanceUid);
    await expect(view.getByTestId('subtraction-quality')).toHaveAttribute('data-verdict', 'good');
    await expect(view.getByTestId('subtraction-canvas')).toBeVisible();
    await expect(view.getByTestId('subtraction-refusal')).toHaveCount(0);
  });

  test('a finding positive now and negative on the prior is a new-since-prior reason in the worklist and a flag in the viewer', async ({ page, pacs }) => {
    test.setTimeout(300_000);
    const patient = `NEWPRIOR${RUN}`;
    const pixels = { width: 64, height: 64, pixels: new Uint8Array(64 * 64).map((_, i) => (i * 5) & 0xff) };
    const cases = [
      { study: plannedExam(patient, 'BEFORE', 20), effusion: 0.1 },
      { study: plannedExam(patient, 'NOW', 0), effusion: 0.9 },
    ];
    for (const { study, effusion } of cases) {
      const image = buildDemoInstance(study, study.images[0], pixels);
      const sr = aiResultSr({
        source: sourceImageFromDataset(fromPart10(image.slice().buffer)),
        computedAt: new Date(),
        algorithms: COMMITTED_ALGORITHMS,
        findings: [{ label: 'effusion', probability: effusion, threshold: 0.5, positive: effusion >= 0.5 }],
        qaFlags: [],
        lungAreas: [],
      });
      for (const bytes of [image, new Uint8Array(toPart10(sr))]) await stow(pacs, bytes);
    }

    await page.goto('/');
    await page.getByLabel('Search studies').fill(patient);
    const badge = (study: PlannedStudy) => page.locator(`.worklist-body [data-study-uid="${study.studyInstanceUid}"] .urgency-badge`);
    await expect(badge(cases[1].study)).toHaveAttribute('title', /effusion new since prior \(0\.10 → 0\.90\)/, { timeout: 240_000 });
    await expect(badge(cases[0].study)).not.toHaveAttribute('title', /new since prior/);

    // The same change flagged in the viewer, above the timeline.
    await openStudy(page, cases[1].study.studyInstanceUid);
    await page
      .getByTestId('priors-strip')
      .getByRole('button', { name: /^Timeline/ })
      .click();
    await expect(page.getByTestId('new-since-prior')).toHaveText('New since prior: effusion (0.10 → 0.90)');
  });
});
