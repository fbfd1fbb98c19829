import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { syntheticInstance } from '../tools/seed/synthetic';
import { apiAs, signedInPage } from './support/reader-app';
import { expect, test } from './support/fixtures';

/**
 * Bring your own model, first slice: an admin uploads a second cxr-triage build through the admin page,
 * promotes it, an open reader page analyses its next study with it (the SR names it), and a rollback
 * brings the previous build back to that same page without a reload. Refusals say why.
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
async function storeArrival(pacs: { stowFile(bytes: Uint8Array): Promise<{ stored: number }> }, index: number): Promise<string> {
  const arrival = syntheticInstance(index);
  expect((await pacs.stowFile(arrival.bytes)).stored).toBe(1);
  return arrival.study.studyInstanceUid;
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
    const first = await storeArrival(pacs, base);
    await page.goto(`/study/${first}`);
    await expect.poll(() => resultSrText(pacs, first), { timeout: 120_000, intervals: [1000] }).toContain(NEW_VERSION);

    // One action rolls back; the same page (no reload) analyses the next study with the previous build.
    await versionRow(admin, NEW_VERSION).getByRole('button', { name: 'Roll back' }).click();
    await expect(versionRow(admin, manifest.version)).toHaveAttribute('data-state', 'active');
    await expect(versionRow(admin, NEW_VERSION)).toHaveAttribute('data-state', 'retired');
    const second = await storeArrival(pacs, base + 2);
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
});
