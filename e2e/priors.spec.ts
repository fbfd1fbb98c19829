import type { Locator, Page } from '@playwright/test';
import { E2E_SIZES, planDemo, type PlannedStudy } from '../tools/seed/demo-plan';
import { resolveDataDir } from '../tools/seed/seed';
import { formatInterval } from '../src/domain/priors/interval';
import { parseStudyInstant } from '../src/domain/priors/study-time';
import { expect, test } from './support/fixtures';

/**
 * Prior comparison against the real PACS: the priors strip of seeded patients with 2–8 exams, the compare
 * layout with its default prior, cycling, and window/level and zoom sync switched on and off.
 */
const plan = planDemo(resolveDataDir(), E2E_SIZES);

/** A patient's planned exams, oldest first (the seed gives every exam its own day). */
function examsOf(patientId: string): PlannedStudy[] {
  return plan.filter((s) => s.patientId === patientId).sort((a, b) => (a.studyDate + a.studyTime).localeCompare(b.studyDate + b.studyTime));
}

const patients = [...new Set(plan.map((s) => s.patientId))];
const multiExamPatients = patients.filter((p) => examsOf(p).length >= 2).sort((a, b) => examsOf(b).length - examsOf(a).length);
const singleExamPatients = patients.filter((p) => examsOf(p).length === 1);

const DAY_MS = 86_400_000;
const dayMs = (da: string) => Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8)));

/** What the strip must show for `current`: its patient's earlier exams, newest first, with intervals. */
function expectedPriors(current: PlannedStudy) {
  return examsOf(current.patientId)
    .filter((s) => s.studyDate < current.studyDate)
    .reverse()
    .map((s) => ({
      uid: s.studyInstanceUid,
      days: Math.round((dayMs(current.studyDate) - dayMs(s.studyDate)) / DAY_MS),
      text: formatInterval(parseStudyInstant(s.studyDate, s.studyTime)!, parseStudyInstant(current.studyDate, current.studyTime)!),
    }));
}

async function openStudy(page: Page, studyInstanceUid: string): Promise<void> {
  await page.goto(`/study/${studyInstanceUid}`);
  await expect(page.locator(`[data-testid=viewer][data-study-uid="${studyInstanceUid}"]`)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('priors-strip')).toHaveAttribute('data-status', /ready|error/);
}

const current = (page: Page) => page.getByTestId('viewer-viewport');
const prior = (page: Page) => page.getByTestId('prior-viewport');

async function drag(page: Page, target: Locator, dy: number, button: 'left' | 'right' = 'left'): Promise<void> {
  const box = (await target.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down({ button });
  await page.mouse.move(x + dy / 2, y + dy, { steps: 8 });
  await page.mouse.up({ button });
}

/** Drags in the current viewport until its attribute changed; returns the new value. */
async function changeCurrent(page: Page, attribute: 'data-voi' | 'data-zoom', dy: number, button: 'left' | 'right'): Promise<string> {
  const before = await current(page).getAttribute(attribute);
  await drag(page, current(page), dy, button);
  await expect(current(page)).not.toHaveAttribute(attribute, before ?? '');
  return (await current(page).getAttribute(attribute)) ?? '';
}

test.describe('priors strip', () => {
  test('the seed has patients with several exams and patients with one', () => {
    expect(examsOf(multiExamPatients[0]).length).toBeGreaterThanOrEqual(5);
    expect(singleExamPatients.length).toBeGreaterThan(0);
  });

  for (const patientId of multiExamPatients) {
    test(`${patientId}: the newest exam lists its priors newest first with intervals`, async ({ page }) => {
      const exams = examsOf(patientId);
      const newest = exams[exams.length - 1];
      await openStudy(page, newest.studyInstanceUid);
      const expected = expectedPriors(newest);
      const entries = page.getByTestId('prior-entry');
      await expect(entries).toHaveCount(expected.length);
      expect(await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-study-uid')))).toEqual(expected.map((e) => e.uid));
      await expect(page.getByTestId('prior-interval')).toHaveText(expected.map((e) => e.text));
      // Independent of the formatting code: short intervals read in plain calendar days.
      for (const e of expected) if (e.days < 60) expect(e.text).toBe(`+${e.days} d`);
      const date = examsOf(patientId).find((s) => s.studyInstanceUid === expected[0].uid)!.studyDate;
      await expect(entries.first()).toContainText(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`);
    });
  }

  test('a middle exam lists only the exams before it', async ({ page }) => {
    const exams = examsOf(multiExamPatients[0]);
    const middle = exams[Math.floor(exams.length / 2)];
    await openStudy(page, middle.studyInstanceUid);
    const expected = expectedPriors(middle);
    await expect(page.getByTestId('prior-entry')).toHaveCount(expected.length);
    await expect(page.getByTestId('prior-interval')).toHaveText(expected.map((e) => e.text));
  });

  test('a patient with a single exam says there is no prior', async ({ page }) => {
    const [only] = examsOf(singleExamPatients[0]);
    await openStudy(page, only.studyInstanceUid);
    await expect(page.getByTestId('priors-empty')).toHaveText('No prior studies for this patient');
    await expect(page.getByRole('button', { name: /Compare with prior/ })).toBeDisabled();
    await page.keyboard.press('c');
    await expect(page.getByTestId('prior-pane')).toHaveCount(0);
  });
});

test.describe('compare layout', () => {
  const exams = examsOf(multiExamPatients[0]);
  const newest = exams[exams.length - 1];
  const expected = expectedPriors(newest);

  test('opens on the most recent prior, cycles with , and . and follows a click in the strip', async ({ page }) => {
    await openStudy(page, newest.studyInstanceUid);
    await expect(current(page)).toHaveAttribute('data-render-state', 'shown');
    await page.keyboard.press('c');
    const pane = page.getByTestId('prior-pane');
    await expect(pane).toHaveAttribute('data-study-uid', expected[0].uid);
    await expect(prior(page)).toHaveAttribute('data-render-state', 'shown');
    await expect(page.getByTestId('prior-label')).toContainText(expected[0].text);
    await expect(pane.getByTestId('prior-ai-overlay')).toBeAttached();
    await expect(page.getByRole('button', { name: /Compare with prior/ })).toHaveAttribute('aria-pressed', 'true');

    await page.keyboard.press(',');
    await expect(pane).toHaveAttribute('data-study-uid', expected[1].uid);
    await expect(prior(page)).toHaveAttribute('data-render-state', 'shown');
    await page.keyboard.press('.');
    await expect(pane).toHaveAttribute('data-study-uid', expected[0].uid);
    await page.keyboard.press('.');
    await expect(pane).toHaveAttribute('data-study-uid', expected[expected.length - 1].uid);
    await page.locator(`[data-testid=prior-entry][data-study-uid="${expected[2].uid}"]`).click();
    await expect(pane).toHaveAttribute('data-study-uid', expected[2].uid);
    await expect(prior(page)).toHaveAttribute('data-render-state', 'shown');
    // The prior gets its own AI result (SR, cache or computed), shown in the strip.
    await expect(page.locator(`[data-testid=prior-entry][data-study-uid="${expected[2].uid}"]`).getByTestId('prior-ai-summary')).toHaveText(
      /^(no AI flags|AI not applicable|[A-Z][\w ]* \d\.\d\d)$/,
      { timeout: 120_000 },
    );

    // Subtraction takes the prior pane's place and leaves with the compare layout.
    await page.keyboard.press('d');
    await expect(pane.getByTestId('prior-subtraction')).toBeVisible();
    await expect(page.getByRole('button', { name: /Subtraction/ })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('c');
    await expect(pane).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Subtraction/ })).toBeDisabled();
    await expect(current(page)).toHaveAttribute('data-render-state', 'shown');
  });

  test('window/level and zoom follow in the prior while sync is on, not when switched off', async ({ page }) => {
    await openStudy(page, newest.studyInstanceUid);
    await page.keyboard.press('c');
    await expect(prior(page)).toHaveAttribute('data-render-state', 'shown');
    await expect(current(page)).toHaveAttribute('data-render-state', 'shown');
    const sync = (kind: string) => page.locator(`[data-sync=${kind}]`);
    await expect(sync('voi')).toHaveAttribute('aria-pressed', 'true');
    await expect(sync('zoomPan')).toHaveAttribute('aria-pressed', 'true');

    const priorVoi = await prior(page).getAttribute('data-voi');
    const voi = await changeCurrent(page, 'data-voi', 60, 'left');
    await expect(prior(page)).toHaveAttribute('data-voi', voi);
    expect(voi).not.toBe(priorVoi);

    const zoom = await changeCurrent(page, 'data-zoom', -80, 'right');
    await expect(prior(page)).toHaveAttribute('data-zoom', zoom);
    expect(Number(zoom)).not.toBeCloseTo(1, 2);

    await sync('voi').click();
    await sync('zoomPan').click();
    await expect(sync('voi')).toHaveAttribute('aria-pressed', 'false');
    await expect(sync('zoomPan')).toHaveAttribute('aria-pressed', 'false');
    const newVoi = await changeCurrent(page, 'data-voi', 60, 'left');
    const newZoom = await changeCurrent(page, 'data-zoom', -80, 'right');
    expect(newVoi).not.toBe(voi);
    expect(newZoom).not.toBe(zoom);
    await expect(prior(page)).toHaveAttribute('data-voi', voi);
    await expect(prior(page)).toHaveAttribute('data-zoom', zoom);

    // Dragging in the prior moves the current study back once sync is on again.
    await sync('voi').click();
    await drag(page, prior(page), -60);
    await expect(prior(page)).not.toHaveAttribute('data-voi', voi);
    await expect(current(page)).toHaveAttribute('data-voi', (await prior(page).getAttribute('data-voi')) ?? '');
  });
});

test('a prior whose image cannot be decoded shows its error in its pane only', async ({ page, pacs }) => {
  const [only] = examsOf(singleExamPatients[singleExamPatients.length - 1]);
  const uid = `${only.studyInstanceUid}.77`;
  // Rows × Columns promise 256² pixels, the data holds 64: the PACS stores it, no viewer can draw it.
  const report = await pacs.stowDataset({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1',
    SOPInstanceUID: `${uid}.1.1`,
    StudyInstanceUID: uid,
    SeriesInstanceUID: `${uid}.1`,
    PatientID: only.patientId,
    PatientName: only.patientName,
    StudyDate: '20200101',
    StudyTime: '120000',
    StudyDescription: 'XR CHEST PA (broken)',
    Modality: 'CR',
    BodyPartExamined: 'CHEST',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: 256,
    Columns: 256,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    PixelData: [new Uint8Array(64).buffer],
  });
  expect(report).toEqual({ stored: 1, rejected: [] });

  await openStudy(page, only.studyInstanceUid);
  await expect(page.getByTestId('prior-entry')).toHaveCount(1);
  await page.keyboard.press('c');
  await expect(page.getByTestId('prior-pane')).toHaveAttribute('data-study-uid', uid);
  await expect(page.getByTestId('prior-error')).toContainText('This prior cannot be shown: image cannot be shown');
  await expect(prior(page)).toHaveAttribute('data-render-state', 'error');
  await expect(current(page)).toHaveAttribute('data-render-state', 'shown');
  await expect(page.getByTestId('viewer-error-tile')).toHaveCount(0);
});
