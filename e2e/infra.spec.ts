import { basicAuthHeader } from '../tools/lib/pacs-config';
import { test, expect } from './support/fixtures';

test.describe('infrastructure: app, gateway and PACS', () => {
  test('the app loads cross-origin isolated with the research-use banner', async ({ page }) => {
    await page.goto('/');
    // The tab title carries the unread critical count once the worklist knows it: "(4) Dokuei".
    await expect(page).toHaveTitle(/^(\(\d+\) )?Dokuei$/);
    await expect(page.getByRole('note')).toContainText('Research use only');
    // COOP/COEP from the preview server: required for threaded WASM.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  test('the gateway reaches the seeded Orthanc over DICOMweb', async ({ page, pacs }) => {
    await page.goto('/');
    const studies = await page.evaluate(async () => {
      const response = await fetch('/dicom-web/studies', { headers: { Accept: 'application/dicom+json' } });
      return { status: response.status, count: ((await response.json()) as unknown[]).length };
    });
    expect(studies.status).toBe(200);
    expect(pacs.seeded.demoStudies).toBeGreaterThan(20);
    // Specs before this one store studies too: the gateway must answer what Orthanc itself holds.
    const direct = await fetch(`${pacs.url}/studies`, { headers: { Authorization: basicAuthHeader(pacs) ?? '' } });
    const held = ((await direct.json()) as unknown[]).length;
    expect(held).toBeGreaterThanOrEqual(pacs.seeded.studies);
    expect(studies.count).toBe(held);
  });

  test('the browser never holds the PACS credentials', async ({ page, pacs }) => {
    const bodies: string[] = [];
    page.on('response', async (response) => {
      bodies.push(JSON.stringify(response.headers()) + (await response.text().catch(() => '')));
    });
    await page.goto('/');
    // Not 'networkidle': the background AI triage keeps the network busy while the worklist is open.
    await expect(page.locator('.worklist-count')).toHaveText(/\d+ studies/);
    await expect(page.getByTestId('ai-triage')).not.toHaveAttribute('data-done', '0', { timeout: 60_000 });
    const answer = await page.evaluate(async () => {
      // Wrong credentials and a cookie sent on purpose: the proxy drops both and uses its own.
      const response = await fetch('/dicom-web/studies?limit=1', {
        headers: { Authorization: 'Basic ' + btoa('intruder:wrong'), Accept: 'application/dicom+json' },
      });
      return { status: response.status, authenticate: response.headers.get('www-authenticate') };
    });
    expect(answer).toEqual({ status: 200, authenticate: null });
    expect(bodies.length).toBeGreaterThan(1);
    for (const body of bodies) expect(body).not.toContain(pacs.password);

    // Orthanc itself insists on credentials: without the proxy there is no way in.
    expect((await fetch(`${pacs.url}/dicom-web/studies`)).status).toBe(401);
  });

  test('the gateway forwards only what the app needs', async ({ page }) => {
    await page.goto('/');
    const statuses = await page.evaluate(async () => {
      // With the session's CSRF token, so that what answers is the gateway's allow-list, not the CSRF check.
      const { csrfToken } = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const status = async (path: string, method = 'GET') => (await fetch(path, { method, headers: { 'X-CSRF-Token': csrfToken } })).status;
      const system = await fetch('/pacs/system');
      const studyId = ((await (await fetch('/pacs/changes?limit=1000')).json()) as { Changes: { ChangeType: string; ID: string }[] }).Changes.find(
        (change) => change.ChangeType === 'NewStudy',
      )!.ID;
      const studyList = await fetch('/pacs/studies');
      return {
        changes: await status('/pacs/changes?limit=1'),
        studyById: await status(`/pacs/studies/${studyId}`),
        studyArchiveType: (await fetch(`/pacs/studies/${studyId}/archive`)).headers.get('content-type') ?? '',
        // Only single studies by id: the list of all studies stays out of reach.
        studyListIsOrthanc: (await studyList.text()).startsWith('['),
        deleteStudy: await status('/dicom-web/studies/1.2.3', 'DELETE'),
        postChanges: await status('/pacs/changes', 'POST'),
        // Orthanc's REST API stays out of reach: /pacs/system is not proxied.
        systemIsOrthanc: (await system.text()).includes('ApiVersion'),
      };
    });
    // A study resource is no route at all (404); the change feed is, for GET only (405).
    expect(statuses).toMatchObject({ changes: 200, studyById: 200, deleteStudy: 404, postChanges: 405 });
    expect(statuses.studyArchiveType).not.toContain('zip');
    expect(statuses.studyListIsOrthanc).toBe(false);
    expect(statuses.systemIsOrthanc).toBe(false);
  });

  test('a PACS outage gives a clear 502 and service resumes when it is back', async ({ page, pacs }) => {
    await page.goto('/');
    const query = () =>
      page.evaluate(async () => {
        const response = await fetch('/dicom-web/studies?limit=1');
        return { status: response.status, body: await response.text() };
      });
    await pacs.stopOrthanc();
    const down = await query();
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body)).toMatchObject({ error: 'PACS unreachable' });
    await pacs.startOrthanc();
    expect((await query()).status).toBe(200);
  });
});
