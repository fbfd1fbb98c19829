/**
 * Triage in the worklist with two readers (two browser contexts, two users) against the real
 * Orthanc: AI result SRs order the list, a critical arrival jumps up and raises an alert, a claim
 * shows in the other browser, and of two simultaneous claims exactly one wins.
 * The readers are the e2e server's accounts `alice` and `bob`, signed in through the sign-in page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { basicAuthHeader } from '../tools/lib/pacs-config';
import { READING_STATE_METADATA } from '../server/reading/reading-store-orthanc';
import { buildDemoInstance } from '../tools/seed/demo-instance';
import type { PlannedStudy } from '../tools/seed/demo-plan';
import { aiResultSr, fromPart10, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import { chestFilmStudy, COMMITTED_ALGORITHMS, dicomDateTime, uidFrom } from './support/chest-study';
import { expect, test } from './support/fixtures';
import { signedInPage } from './support/reader-app';

const READERS = ['alice', 'bob'] as const;
const RUN = Date.now().toString(36).toUpperCase();
const PATIENT = `TRIAGE${RUN}`;

/** Acquired a few minutes ago. */
const ACQUIRED = dicomDateTime(new Date(Date.now() - 3 * 60_000));

interface Case {
  key: string;
  priority: 'STAT' | 'HIGH' | 'ROUTINE';
  effusion: number;
}

function plannedStudy({ key, priority }: Case): PlannedStudy {
  return chestFilmStudy({
    studyInstanceUid: uidFrom(`${RUN}${key}`),
    patientId: `${PATIENT}-${key}`,
    patientName: `${PATIENT}^${key}`,
    patientSex: 'F',
    patientAge: 50,
    ...ACQUIRED,
    accessionNumber: `T${RUN}${key}`.slice(0, 16),
    priority,
    file: key,
  });
}

/** A chest film plus the AI result SR the app will read back instead of running the models. */
async function storeStudyWithSr(pacs: { stowFile(bytes: Uint8Array): Promise<{ rejected: unknown[] }> }, testCase: Case): Promise<string> {
  const study = plannedStudy(testCase);
  const pixels = { width: 64, height: 64, pixels: new Uint8Array(64 * 64).map((_, i) => (i * 3) & 0xff) };
  const image = buildDemoInstance(study, study.images[0], pixels);
  const sr = aiResultSr({
    source: sourceImageFromDataset(fromPart10(image.slice().buffer)),
    computedAt: new Date(),
    algorithms: COMMITTED_ALGORITHMS,
    findings: [
      { label: 'abnormal', probability: 0.3, threshold: 0.5, positive: false },
      { label: 'effusion', probability: testCase.effusion, threshold: 0.5, positive: testCase.effusion >= 0.5 },
      { label: 'pneumonia', probability: 0.1, threshold: 0.5, positive: false },
    ],
    qaFlags: [],
    lungAreas: [],
  });
  for (const bytes of [image, new Uint8Array(toPart10(sr))]) expect((await pacs.stowFile(bytes)).rejected).toEqual([]);
  return study.studyInstanceUid;
}

const readers: Record<(typeof READERS)[number], { context: BrowserContext; page: Page }> = {} as never;
const uids: Record<string, string> = {};

const rowUIDs = (page: Page) => page.locator('.worklist-body [role="row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-uid')));
const row = (page: Page, key: string) => page.locator(`.worklist-body [data-study-uid="${uids[key]}"]`);

test.describe.serial('triage with two readers', () => {
  test.beforeAll(async ({ browser, pacs }) => {
    test.setTimeout(120_000);
    const cases: Case[] = [
      { key: 'ROUTINE-NEG', priority: 'ROUTINE', effusion: 0.1 },
      { key: 'HIGH-EFF', priority: 'HIGH', effusion: 0.95 },
      { key: 'ROUTINE-EFF', priority: 'ROUTINE', effusion: 0.9 },
      { key: 'HIGH-NEG', priority: 'HIGH', effusion: 0.1 },
    ];
    for (const c of cases) uids[c.key] = await storeStudyWithSr(pacs, c);

    for (const name of READERS) {
      const page = await signedInPage(browser, name);
      await page.getByLabel('Search studies').fill(PATIENT);
      readers[name] = { context: page.context(), page };
    }
  });

  test.afterAll(async () => {
    for (const { context } of Object.values(readers)) await context?.close();
  });

  test('studies with AI result SRs are ordered by urgency, with their reasons', async () => {
    test.setTimeout(300_000);
    const { page } = readers.alice;
    // HIGH + effusion (845), ROUTINE + effusion (540), HIGH (400), ROUTINE (100).
    await expect.poll(() => rowUIDs(page), { timeout: 240_000 }).toEqual(['HIGH-EFF', 'ROUTINE-EFF', 'HIGH-NEG', 'ROUTINE-NEG'].map((k) => uids[k]));
    const badge = row(page, 'HIGH-EFF').locator('.urgency-badge');
    await expect(badge).toHaveText('URG');
    await expect(badge).toHaveAttribute('title', /effusion 0\.95 ≥ 0\.50[\s\S]*priority HIGH/);
    await page.getByLabel('Flagged only').check();
    await expect.poll(() => rowUIDs(page)).toEqual(['HIGH-EFF', 'ROUTINE-EFF', 'HIGH-NEG'].map((k) => uids[k]));
    await page.getByLabel('Flagged only').uncheck();
  });

  test('a critical study stored now jumps to the top and raises an alert until acknowledged', async ({ pacs }) => {
    test.setTimeout(300_000);
    const { page } = readers.alice;
    const before = Number(await page.getByTestId('critical-count').getAttribute('data-count'));
    uids['STAT-EFF'] = await storeStudyWithSr(pacs, { key: 'STAT-EFF', priority: 'STAT', effusion: 0.97 });
    await expect.poll(async () => (await rowUIDs(page))[0], { timeout: 240_000 }).toBe(uids['STAT-EFF']);
    await expect(row(page, 'STAT-EFF').locator('.urgency-badge')).toHaveText('CRIT');
    // The critical queue: one header button; its list opens on demand (nothing stacks over the table).
    await page.getByTestId('critical-queue').click();
    const alert = page.getByRole('list', { name: 'Critical study alerts' }).locator(`li[data-study-uid="${uids['STAT-EFF']}"]`);
    await expect(alert).toContainText(`${PATIENT}, STAT-EFF`);
    await expect(page.getByTestId('critical-count')).toHaveAttribute('data-count', String(before + 1));
    await expect(page).toHaveTitle(/^\(\d+\) /);
    await expect(readers.bob.page.getByTestId('critical-queue')).not.toHaveAttribute('data-count', '0', { timeout: 240_000 });
    await readers.bob.page.getByTestId('critical-queue').click();
    const bobAlert = readers.bob.page.locator(`li[data-study-uid="${uids['STAT-EFF']}"]`);
    await expect(bobAlert).toBeVisible({ timeout: 240_000 });

    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(alert).toHaveCount(0);
    // The other reader's alert goes too: the acknowledgement is shared, and recorded in the PACS.
    await expect(bobAlert).toHaveCount(0);
    expect((await readingMetadata(pacs, uids['STAT-EFF']))?.acknowledged?.by).toBe('alice');
    for (const { page: reader } of Object.values(readers)) await reader.getByTestId('critical-queue').click();
  });

  test('a claim in one browser shows in the other', async () => {
    await row(readers.alice.page, 'ROUTINE-NEG').getByRole('button', { name: 'Claim' }).click();
    await expect(row(readers.alice.page, 'ROUTINE-NEG').locator('[data-reading]')).toHaveText(/in progress: alice/);
    await expect(row(readers.bob.page, 'ROUTINE-NEG').locator('[data-reading]')).toHaveText(/in progress: alice/, { timeout: 10_000 });
    await expect(row(readers.bob.page, 'ROUTINE-NEG').getByRole('button', { name: 'Claim' })).toHaveCount(0);
  });

  test('two readers claiming at once: exactly one wins, the other is told', async ({ pacs }) => {
    const buttons = Object.values(readers).map(({ page }) => row(page, 'HIGH-NEG').getByRole('button', { name: 'Claim' }));
    await Promise.all(buttons.map((button) => expect(button).toBeVisible()));
    await Promise.all(buttons.map((button) => button.click()));
    await expect.poll(async () => (await readingMetadata(pacs, uids['HIGH-NEG']))?.stamp?.by).toBeTruthy();
    const winner = (await readingMetadata(pacs, uids['HIGH-NEG']))?.stamp?.by as (typeof READERS)[number];
    expect(READERS).toContain(winner);
    const loser = winner === 'alice' ? 'bob' : 'alice';
    await expect(readers[loser].page.getByTestId('reading-notice')).toContainText(`already claimed by ${winner}`);
    await expect(readers[winner].page.getByTestId('reading-notice')).toHaveCount(0);
    for (const { page } of Object.values(readers))
      await expect(row(page, 'HIGH-NEG').locator('[data-reading]')).toHaveText(new RegExp(`in progress: ${winner}`));
  });
});

/** The reading state as stored in Orthanc (read directly, not through the app); null while none. */
async function readingMetadata(pacs: { url: string; username: string; password: string }, studyUID: string) {
  const headers = { Authorization: basicAuthHeader(pacs) ?? '' };
  const [found] = (await (await fetch(`${pacs.url}/tools/lookup`, { method: 'POST', body: studyUID, headers })).json()) as { ID: string }[];
  const response = await fetch(`${pacs.url}/studies/${found.ID}/metadata/${READING_STATE_METADATA}`, { headers });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; stamp?: { by: string }; acknowledged?: { by: string } };
}
