import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { basicAuthHeader, type PacsConfig } from '../tools/lib/pacs-config';
import { buildDemoInstance, readGrayPng } from '../tools/seed/demo-instance';
import { resolveDataDir } from '../tools/seed/seed';
import { syntheticStudy } from '../tools/seed/synthetic';
import { apiAs, signedInPage } from './support/reader-app';
import { expect, test } from './support/fixtures';

/**
 * A site's detection model without code changes: an admin uploads the test detector
 * (models/training/make_test_detector.py) through the registry and promotes it next to the committed
 * models; a chest film with a bright square pasted in is analysed by all of them, the viewer draws
 * the box as a locked AI annotation where the square is, the AI result SR holds it as SCOORD, and
 * reopening the study reads the SR back instead of running the models again.
 */
const DIR = 'tests/fixtures/test-detector';
const manifest = JSON.parse(readFileSync(`${DIR}/test-detector.json`, 'utf8')) as { id: string; version: string; sha256: string };
const onnx = readFileSync(`${DIR}/test-detector.onnx`);
/** The square, in DICOM image coordinates of the 256² film. */
const SQUARE = { x: 150, y: 60, side: 40 };

/** An NIH chest film dimmed to 80 % with a full-white square: above 90 % of the window only the square stays (QA still says chest). */
function filmWithSquare(index: number) {
  const film = readGrayPng(join(resolveDataDir(), 'cxr_nih14_256/images/00000001_000.png'));
  const pixels = film.pixels.map((v) => Math.round(v * 0.8));
  for (let y = SQUARE.y; y < SQUARE.y + SQUARE.side; y++) pixels.fill(255, y * film.width + SQUARE.x, y * film.width + SQUARE.x + SQUARE.side);
  const study = syntheticStudy(index);
  return { study, bytes: buildDemoInstance(study, study.images[0], { ...film, pixels }) };
}

type Json = Record<string, { vr?: string; Value?: unknown[] }>;

/** Every (GraphicType, GraphicData) pair in the AI result SRs of a study, read directly from Orthanc. */
async function srScoords(pacs: PacsConfig, studyUid: string): Promise<{ text: string; scoords: { type: string; data: number[] }[] }> {
  const get = async (path: string) => {
    const response = await fetch(`${pacs.url}/dicom-web/${path}`, {
      headers: { Accept: 'application/dicom+json', Authorization: basicAuthHeader(pacs) ?? '' },
    });
    const text = await response.text();
    return (text.trim() ? JSON.parse(text) : []) as Json[];
  };
  const series = await get(`studies/${studyUid}/series?Modality=SR`);
  const datasets = (await Promise.all(series.map((s) => get(`studies/${studyUid}/series/${String(s['0020000E']?.Value?.[0])}/metadata`)))).flat();
  const scoords: { type: string; data: number[] }[] = [];
  const walk = (ds: Json) => {
    if (ds['00700023']) scoords.push({ type: String(ds['00700023'].Value?.[0]), data: (ds['00700022']?.Value ?? []) as number[] });
    for (const element of Object.values(ds)) if (element.vr === 'SQ') for (const item of (element.Value ?? []) as Json[]) walk(item);
  };
  datasets.forEach(walk);
  return { text: JSON.stringify(datasets), scoords };
}

const versionRow = (admin: Page) => admin.locator(`[data-testid="model-versions"] tr[data-model="${manifest.id}"][data-version="${manifest.version}"]`);

/** The AI boxes Cornerstone holds on the viewer's image, in DICOM image coordinates. */
async function drawnBoxes(page: Page): Promise<{ text: string; x: number; y: number; width: number; height: number; locked: boolean }[]> {
  const overlay = page.getByTestId('ai-overlay').first();
  await expect(overlay).toHaveAttribute('data-ai-boxes', /.+/, { timeout: 60_000 });
  return JSON.parse((await overlay.getAttribute('data-ai-boxes')) ?? '[]');
}

function expectAtSquare(box: { x: number; y: number; width: number; height: number }) {
  for (const [got, want] of [
    [box.x, SQUARE.x],
    [box.y, SQUARE.y],
    [box.x + box.width, SQUARE.x + SQUARE.side],
    [box.y + box.height, SQUARE.y + SQUARE.side],
  ])
    expect(Math.abs(got - want)).toBeLessThanOrEqual(2);
}

test.describe.serial('detection model', () => {
  // Other specs share this server: the detector must not stay in their active set.
  test.afterAll(async () => {
    const api = await apiAs('admin');
    const { versions } = (await (await api.fetch('/api/admin/models')).json()) as { versions: { id: number; modelId: string; state: string }[] };
    for (const v of versions.filter((v) => v.modelId === manifest.id && v.state === 'active')) {
      expect((await api.fetch(`/api/admin/models/${v.id}/retire`, { method: 'POST' })).status).toBe(200);
    }
  });

  test('an uploaded detector draws its box where the square is and stores it as SR SCOORD, read back on reopening', async ({ browser, page, pacs }) => {
    test.setTimeout(480_000);
    const admin = await signedInPage(browser, 'admin');
    await admin.goto('/admin');
    const form = admin.getByRole('form', { name: 'Upload a model' });
    await form
      .getByLabel('Manifest')
      .setInputFiles({ name: 'test-detector.json', mimeType: 'application/json', buffer: readFileSync(`${DIR}/test-detector.json`) });
    await form.getByLabel('Model').setInputFiles({ name: 'test-detector.onnx', mimeType: 'application/octet-stream', buffer: onnx });
    await form.getByRole('button', { name: 'Upload and validate' }).click();
    await expect(admin.getByTestId('model-registry-outcome')).toHaveText(`${manifest.id} ${manifest.version} validated: now shadow.`);
    await versionRow(admin).getByRole('button', { name: 'Promote' }).click();
    await expect(versionRow(admin)).toHaveAttribute('data-state', 'active');
    await admin.context().close();

    const { study, bytes } = filmWithSquare(950_000 + 2 * Math.floor(Math.random() * 20_000));
    expect((await pacs.stowFile(bytes)).stored).toBe(1);
    await page.goto(`/study/${study.studyInstanceUid}`);

    const findings = page.getByTestId('ai-findings');
    await expect(findings).toHaveAttribute('data-phase', 'done', { timeout: 240_000 });
    await expect(page.getByTestId('ai-result')).toHaveAttribute('data-origin', 'computed');
    // Thresholds and NMS leave one box of the detector's three candidates; the other models still ran.
    const row = findings.locator('tr[data-finding="bright_square"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('box at');
    await expect(findings.locator('tr[data-finding="abnormal"]')).toHaveCount(1);

    const [box] = await drawnBoxes(page);
    expect(box).toMatchObject({ locked: true, text: 'bright_square 90.0 %' });
    expectAtSquare(box);
    await expect(page.locator('svg [data-id^="dokuei-ai-box-"]')).toHaveCount(1);

    // The SR names the detector and holds the box as a closed polyline on the film.
    await expect.poll(async () => (await srScoords(pacs, study.studyInstanceUid)).text, { timeout: 60_000 }).toContain(manifest.sha256);
    const { scoords } = await srScoords(pacs, study.studyInstanceUid);
    const polylines = scoords.filter((s) => s.type === 'POLYLINE');
    expect(polylines).toHaveLength(1);
    const [x0, y0, x1, , , y2] = polylines[0].data;
    expect(polylines[0].data).toHaveLength(10);
    expectAtSquare({ x: x0, y: y0, width: x1 - x0, height: y2 - y0 });

    // Reopened by another reader (no browser cache): the SR's result is reused, its box drawn again and
    // reviewed like any finding.
    const other = await signedInPage(browser, 'other');
    await other.goto(`/study/${study.studyInstanceUid}`);
    const item = other.locator('[data-testid="review-item"][data-label="bright_square"]');
    await item.click({ timeout: 60_000 });
    await other.getByRole('button', { name: 'Accept (A)' }).click();
    await expect(item).toHaveAttribute('data-decision', 'accept');
    await expect(other.getByTestId('ai-result')).toHaveAttribute('data-origin', 'pacs-sr', { timeout: 240_000 });
    const [again] = await drawnBoxes(other);
    expectAtSquare(again);
    await expect(other.locator('svg [data-id^="dokuei-ai-box-"]')).toHaveCount(1);
    await other.context().close();
  });
});
