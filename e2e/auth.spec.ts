/**
 * The Dokuei server as the only, authenticated way to the PACS, seen from a real browser: nothing of
 * a patient reaches a browser that has not signed in; sign-in and sign-out; a reader cannot store a
 * report signed with another reader's name; an admin reads the audit trail of what happened.
 */
import type { Response as PageResponse } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { encodeMultipartRelated } from '../src/domain/dicom/multipart';
import { type NaturalDataset, reportSr, sourceImageFromDataset, toPart10 } from '../src/domain/dicom/sr';
import { E2E_ACCOUNTS } from './support/accounts';
import { expect, test } from './support/fixtures';
import { apiAs, signedInPage } from './support/reader-app';

async function orthancJson(pacs: PacsConfig, path: string): Promise<unknown> {
  const response = await fetch(`${pacs.url}${path}`, { headers: { Authorization: basicAuthHeader(pacs) ?? '', Accept: 'application/dicom+json' } });
  expect(response.status, path).toBe(200);
  return response.json();
}

test('a browser that has not signed in sees the sign-in page and no patient data', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const pacsAnswers: PageResponse[] = [];
  page.on('response', (response) => {
    if (/\/(dicom-web|pacs)\//.test(new URL(response.url()).pathname)) pacsAnswers.push(response);
  });
  await page.goto('/study/1.2.3');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('research use only', { exact: false })).toBeVisible();
  expect(
    pacsAnswers.map((r) => r.url()),
    'no PACS request before sign-in',
  ).toEqual([]);
  await expect(page.locator('body')).not.toContainText('DEMO^');

  // Asked directly, the gateway refuses every PACS route and answers no patient data.
  for (const path of ['/dicom-web/studies', '/dicom-web/studies?PatientName=*', '/pacs/changes?since=0', '/api/reading-states', '/api/admin/audit']) {
    const answer = await page.request.get(path);
    expect(answer.status(), path).toBe(401);
    expect(await answer.text(), path).not.toContain('DEMO');
  }
  await context.close();
});

test('a wrong password is refused with a message; signing out ends the session', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User name').fill('other');
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toContainText('Wrong user name or password');

  await form.getByLabel('Password').fill(E2E_ACCOUNTS.other.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('reader')).toContainText(E2E_ACCOUNTS.other.displayName);
  await expect(page.locator('.worklist-body [role="row"]').first()).toBeVisible({ timeout: 30_000 });
  expect((await page.request.get('/dicom-web/studies?limit=1')).status()).toBe(200);

  await page.getByTestId('reader').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  expect((await page.request.get('/dicom-web/studies?limit=1')).status(), 'the old cookie no longer opens the PACS').toBe(401);
  await context.close();
});

test('a reader cannot store a report signed with another reader’s name', async ({ pacs }) => {
  const [study] = (await orthancJson(pacs, '/dicom-web/studies?ModalitiesInStudy=DX&limit=1')) as Record<string, { Value?: string[] }>[];
  const studyUID = study['0020000D'].Value![0];
  const [image] = (await orthancJson(pacs, `/dicom-web/studies/${studyUID}/metadata`)) as NaturalDataset[];
  const forged = reportSr({
    source: sourceImageFromDataset(image),
    author: { Alphabetic: E2E_ACCOUNTS.reader.dicomName },
    writtenAt: new Date(),
    findings: [{ text: 'Forged.' }],
    measurements: [],
    impression: 'Signed as someone else.',
    signOff: { verifier: { Alphabetic: E2E_ACCOUNTS.reader.dicomName }, organization: 'Dokuei', verifiedAt: new Date() },
  });
  const before = ((await orthancJson(pacs, '/instances')) as string[]).length;
  const other = await apiAs('other');
  const { contentType, body } = encodeMultipartRelated([new Uint8Array(toPart10(forged))], 'application/dicom');
  const answer = await other.fetch('/dicom-web/studies', { method: 'POST', headers: { 'Content-Type': contentType, Accept: 'application/dicom+json' }, body });
  expect(answer.status).toBe(403);
  expect(((await answer.json()) as { error: string }).error).toMatch(/someone else|another|names/i);
  expect(((await orthancJson(pacs, '/instances')) as string[]).length, 'nothing was stored').toBe(before);
});

test('an admin sees who signed in and who opened which study in the audit trail', async ({ browser, page }) => {
  await page.goto('/');
  const firstRow = page.locator('.worklist-body [role="row"]').first();
  await expect(firstRow).toBeVisible({ timeout: 30_000 });
  const first = await firstRow.getAttribute('data-study-uid');
  expect(first).toBeTruthy();
  await page.goto(`/study/${first}`);
  await expect(page.getByTestId('viewer-viewport')).toHaveAttribute('data-render-state', /shown|error/, { timeout: 60_000 });

  const admin = await signedInPage(browser, 'admin');
  await admin.goto('/admin');
  const trail = admin.getByTestId('audit-trail');
  await expect(trail.locator('tr[data-event="User Authentication"]').first()).toBeVisible();
  await admin.getByLabel('Study UID').fill(first!);
  await expect(trail.locator('tr[data-event="DICOM Instances Accessed"]').first()).toContainText('reader');
  await admin.context().close();

  // Readers do not see the admin's pages.
  const asReader = await apiAs('reader');
  expect((await asReader.fetch('/api/admin/audit')).status).toBe(403);
});
