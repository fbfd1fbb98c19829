import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { encodeMultipartRelated } from '../src/domain/dicom/multipart';
import { aiResultSr, assessmentSr, fromPart10, newUid, type NaturalDataset, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { syntheticInstance } from '../tools/seed/synthetic';
import { apiAs, signedInPage } from './support/reader-app';
import { readE2eState } from './support/state';
import { expect, test } from './support/fixtures';

/**
 * Bring your own model, first slice: an admin uploads a second cxr-triage build through the admin page,
 * promotes it, an open reader page analyses its next study with it (the SR names it), and a rollback
 * brings the previous build back to that same page without a reload. Refusals say why.
 * Local validation: a headless worker (validation queue only) runs a third build and the active one on
 * confirmed cases the test seeds as a signed-in reader; the admin reads both side by side and promotes.
 */
const manifest = JSON.parse(readFileSync('models/cxr-triage.json', 'utf8')) as { version: string; sha256: string };
const onnx = readFileSync('models/cxr-triage.onnx');
const NEW_VERSION = '1.0.1-e2e';

const jsonFile = (body: unknown) => ({ name: 'cxr-triage.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(body)) });
const onnxFile = (bytes: Buffer) => ({ name: 'cxr-triage.onnx', mimeType: 'application/octet-stream', buffer: bytes });

async function upload(admin: Page, manifestFile: ReturnType<typeof jsonFile>, modelFile: ReturnType<typeof onnxFile>) {
  const form = admin.getByRole('form', { name: 'Upload a model' });
  await form.getByLabel('Manifest').setInputFiles(manifestFile);
  await form.getByLabel('Model').setInputFiles(modelFile);
  await form.getByRole('button', { name: 'Upload and validate' }).click();
}

const versionRow = (admin: Page, version: string) => admin.locator(`[data-testid="model-versions"] tr[data-model="cxr-triage"][data-version="${version}"]`);

/** The text of every AI result SR of a study in the PACS (DICOM JSON), read directly from Orthanc. */
async function resultSrText(pacs: PacsConfig, studyUid: string): Promise<string> {
  const get = async (path: string) => {
    const response = await fetch(`${pacs.url}/dicom-web/${path}`, {
      headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' },
    });
    const text = await response.text();
    return (text.trim() ? JSON.parse(text) : []) as Record<string, { Value?: unknown[] }>[];
  };
  const series = await get(`studies/${studyUid}/series?Modality=SR`);
  const metadata = await Promise.all(series.map((s) => get(`studies/${studyUid}/series/${String(s['0020000E']?.Value?.[0])}/metadata`)));
  return JSON.stringify(metadata);
}

/** A new chest arrival of its own patient (even index: synthetic patients own index pairs) so no prior is analysed too. */
async function storeArrival(pacs: { stowFile(bytes: Uint8Array): Promise<{ stored: number }> }, index: number) {
  const arrival = syntheticInstance(index);
  expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
  return arrival;
}

/**
 * A confirmed case: an arrival, an AI result SR on it and the reader's assessment of its `abnormal`
 * finding (accepted → 1, rejected → 0), both SRs stored through the gateway as the signed-in reader.
 */
async function seedConfirmedCase(pacs: Parameters<typeof storeArrival>[0], reader: Awaited<ReturnType<typeof apiAs>>, index: number, abnormal: boolean) {
  const arrival = await storeArrival(pacs, index);
  const source = sourceImageFromDataset(fromPart10(arrival.bytes.slice().buffer));
  const trackingUid = newUid();
  const algorithms = [{ id: 'cxr-triage', version: manifest.version, sha256: manifest.sha256 }];
  const finding = { label: 'abnormal', probability: 0.6, threshold: 0.5, positive: true, trackingUid };
  const ai = aiResultSr({ source, computedAt: new Date(), algorithms, findings: [finding], qaFlags: [], lungAreas: [] });
  const reference = {
    studyInstanceUid: source.studyInstanceUid,
    seriesInstanceUid: ai.SeriesInstanceUID as string,
    sopClassUid: ai.SOPClassUID as string,
    sopInstanceUid: ai.SOPInstanceUID as string,
  };
  const assessment = assessmentSr({
    source,
    reader: { Alphabetic: 'Reader^Ein' },
    assessedAt: new Date(),
    aiResult: reference,
    decisions: [
      abnormal ? { decision: 'accept', label: 'abnormal', trackingUid } : { decision: 'reject', label: 'abnormal', trackingUid, reason: 'normal film' },
    ],
  });
  for (const sr of [ai, assessment] as NaturalDataset[]) {
    const { body, contentType } = encodeMultipartRelated([new Uint8Array(toPart10(sr))], 'application/dicom');
    const response = await reader.fetch('/dicom-web/studies', {
      method: 'POST',
      headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' },
      body,
    });
    expect(response.status, await response.text()).toBe(200);
  }
}

/** A headless worker on the validation queue only (the specs' arrivals stay with the browsers' AI). */
function startValidationWorker() {
  const state = readE2eState();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
    env: {
      ...process.env,
      DOKUEI_DATABASE_URL: state.databaseUrl,
      DOKUEI_PACS_URL: state.pacs.url,
      DOKUEI_PACS_USER: state.pacs.username,
      DOKUEI_PACS_PASSWORD: state.pacs.password,
      DOKUEI_STATE_DIR: state.serverDir,
      DOKUEI_WORKER_QUEUES: 'model-validation',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return { child, log: () => log };
}

test.describe.serial('model registry', () => {
  test('a malformed manifest and a file whose sha256 does not match are refused with clear messages', async ({ browser }) => {
    const admin = await signedInPage(browser, 'admin');
    await admin.goto('/admin');
    const outcome = admin.getByTestId('model-registry-outcome');

    await upload(admin, jsonFile({ ...manifest, version: 'e2e/bad', sha256: 'not-a-digest' }), onnxFile(onnx));
    await expect(outcome).toHaveAttribute('role', 'alert');
    await expect(outcome).toContainText('the manifest is not valid');
    await expect(outcome.getByRole('listitem')).toHaveText([/^sha256: expected a string matching/, /^version: expected letters, digits/]);

    const other = readFileSync('models/cxr-qa.onnx');
    await upload(admin, jsonFile({ ...manifest, version: 'e2e-mismatch' }), onnxFile(other));
    await expect(outcome).toContainText('the file does not match the manifest');
    await expect(outcome.getByRole('listitem')).toHaveText([
      `bytes: the file has ${other.byteLength} bytes, the manifest says ${onnx.byteLength}`,
      /^sha256: the file's is [0-9a-f]{64}, the manifest says /,
    ]);
    await expect(versionRow(admin, 'e2e-mismatch')).toHaveAttribute('data-state', 'uploaded');
    await expect(admin.locator('[data-testid="model-versions"] tr[data-model="cxr-triage"][data-state="active"]')).toHaveAttribute(
      'data-version',
      manifest.version,
    );
    await admin.context().close();
  });

  test('a promoted version analyses the next study and a rollback restores the previous one, in an open page', async ({ browser, page, pacs }) => {
    test.setTimeout(240_000);
    const admin = await signedInPage(browser, 'admin');
    await admin.goto('/admin');
    await upload(admin, jsonFile({ ...manifest, version: NEW_VERSION }), onnxFile(onnx));
    await expect(admin.getByTestId('model-registry-outcome')).toHaveText(`cxr-triage ${NEW_VERSION} validated: now shadow.`);
    await versionRow(admin, NEW_VERSION).getByRole('button', { name: 'Promote' }).click();
    await expect(versionRow(admin, NEW_VERSION)).toHaveAttribute('data-state', 'active');
    await expect(versionRow(admin, manifest.version)).toHaveAttribute('data-state', 'retired');

    // The reader's page analyses its next study with the promoted build.
    const base = 900_000 + 4 * Math.floor(Math.random() * 100_000);
    const first = (await storeArrival(pacs, base)).study.studyInstanceUid;
    await page.goto(`/study/${first}`);
    await expect.poll(() => resultSrText(pacs, first), { timeout: 120_000, intervals: [1000] }).toContain(NEW_VERSION);

    // One action rolls back; the same page (no reload) analyses the next study with the previous build.
    await versionRow(admin, NEW_VERSION).getByRole('button', { name: 'Roll back' }).click();
    await expect(versionRow(admin, manifest.version)).toHaveAttribute('data-state', 'active');
    await expect(versionRow(admin, NEW_VERSION)).toHaveAttribute('data-state', 'retired');
    const second = (await storeArrival(pacs, base + 2)).study.studyInstanceUid;
    await page.evaluate((uid) => {
      history.pushState(null, '', `/study/${uid}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, second);
    await expect.poll(() => resultSrText(pacs, second), { timeout: 120_000, intervals: [1000] }).toContain(`"${manifest.sha256}"`);
    const secondSr = await resultSrText(pacs, second);
    expect(secondSr).toContain(`"${manifest.version}"`);
    expect(secondSr).not.toContain(NEW_VERSION);

    // Both decisions are in the audit trail.
    const api = await apiAs('admin');
    const audit = (await (await api.fetch('/api/admin/audit?event=Application%20Activity')).json()) as { records: { detail?: string }[] };
    expect(audit.records.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        `model registry: cxr-triage ${NEW_VERSION} promoted to active, ${manifest.version} retired`,
        `model registry: cxr-triage rolled back from ${NEW_VERSION} to ${manifest.version}`,
      ]),
    );
    await admin.context().close();
  });

  test('a version validated on confirmed cases beside the active one is promoted, analyses the next arrival, shows in the worklist, and rolls back', async ({
    browser,
    page,
    pacs,
  }) => {
    test.setTimeout(300_000);
    const worker = startValidationWorker();
    try {
      const version = `1.0.2-validate-${Date.now().toString(36)}`;
      const base = 1_400_000 + 4 * Math.floor(Math.random() * 100_000);
      const reader = await apiAs('reader');
      for (let i = 0; i < 6; i++) await seedConfirmedCase(pacs, reader, base + 2 * i, i % 2 === 0);

      const admin = await signedInPage(browser, 'admin');
      await admin.goto('/admin');
      await upload(admin, jsonFile({ ...manifest, version }), onnxFile(onnx));
      await expect(admin.getByTestId('model-registry-outcome')).toHaveText(`cxr-triage ${version} validated: now shadow.`);
      await versionRow(admin, version).getByRole('button', { name: 'Validate' }).click();
      const validation = admin.getByRole('region', { name: `Validation of cxr-triage ${version}` });
      await validation.getByRole('form', { name: 'Validate' }).getByRole('button', { name: 'Run validation' }).click();
      const run = validation.getByTestId('validation-run');
      await expect(run)
        .toHaveAttribute('data-state', 'done', { timeout: 180_000 })
        .catch((error: Error) => {
          throw new Error(`${error.message}\nworker log:\n${worker.log()}`);
        });
      const reportId = await run.getAttribute('data-id');

      // The candidate beside the active build, same rows as models:eval with intervals; the same bytes give the same figures.
      const table = run.getByTestId('validation-table');
      await expect(table.getByRole('columnheader')).toContainText([`Candidate ${version}`, `Active ${manifest.version}`]);
      const auc = table.locator('tr[data-dataset="confirmed-cases"][data-task="abnormal"][data-metric="auc"]');
      await expect(auc.getByTestId('candidate')).toHaveText(/^\d\.\d{3} \[\d\.\d{3}–\d\.\d{3}\]$/);
      expect(await auc.getByTestId('active').textContent()).toBe(await auc.getByTestId('candidate').textContent());
      expect(Number(await auc.getByTestId('n').textContent())).toBeGreaterThanOrEqual(6);
      for (const metric of ['accuracy', 'sensitivity', 'specificity', 'ece'])
        await expect(table.locator(`tr[data-task="abnormal"][data-metric="${metric}"][data-dataset="confirmed-cases"]`)).toHaveCount(1);
      await expect(run.getByTestId('validation-warnings')).toContainText('confirmed-cases, abnormal: only');

      await run.getByRole('button', { name: 'Promote' }).click();
      await expect(admin.getByTestId('model-registry-outcome')).toHaveText(`cxr-triage ${version} is active (validation ${reportId}).`);
      await expect(versionRow(admin, version)).toHaveAttribute('data-state', 'active');
      await expect(versionRow(admin, manifest.version)).toHaveAttribute('data-state', 'retired');

      // The next arrival is analysed by the promoted build, and the worklist shows that result.
      const arrival = (await storeArrival(pacs, base + 20)).study;
      await page.goto(`/study/${arrival.studyInstanceUid}`);
      await expect.poll(() => resultSrText(pacs, arrival.studyInstanceUid), { timeout: 120_000, intervals: [1000] }).toContain(version);
      await expect
        .poll(async () => JSON.stringify(await (await reader.fetch(`/api/worklist?q=${arrival.accessionNumber}`)).json()), {
          timeout: 60_000,
          intervals: [1000],
        })
        .toContain(`cxr-triage@${version}`);
      await page.goto('/');
      await page.getByLabel('Search studies').fill(arrival.accessionNumber);
      await expect(page.locator(`[data-study-uid="${arrival.studyInstanceUid}"] [data-ai-source="index"]`)).toBeVisible();

      // A rollback restores the previous build for everyone.
      await versionRow(admin, version).getByRole('button', { name: 'Roll back' }).click();
      await expect(versionRow(admin, manifest.version)).toHaveAttribute('data-state', 'active');
      const active = (await (await reader.fetch('/api/models/active')).json()) as { models: { id: string; version: string }[] };
      expect(active.models.find((m) => m.id === 'cxr-triage')?.version).toBe(manifest.version);

      const api = await apiAs('admin');
      const audit = (await (await api.fetch('/api/admin/audit?event=Application%20Activity')).json()) as { records: { detail?: string }[] };
      expect(audit.records.map((r) => r.detail)).toEqual(
        expect.arrayContaining([
          `model registry: validation ${reportId} of cxr-triage ${version} against ${manifest.version} on the confirmed cases started`,
          `model registry: cxr-triage ${version} promoted to active after validation report ${reportId}, ${manifest.version} retired`,
        ]),
      );
      await admin.context().close();
    } finally {
      worker.child.kill('SIGTERM');
    }
  });
});
