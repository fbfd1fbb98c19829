import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { Page } from '@playwright/test';
import { resolveDataDir } from '../tools/seed/seed';
import { expect, test, type PacsHandle } from './support/fixtures';

/**
 * The viewer against the real PACS: every encoding of one CT slice must render the same pixels as
 * a Node-side decode of the uncompressed file; MONOCHROME1 shows lungs dark; W/L drag and length
 * measurement work; a broken instance gets an error tile while its neighbours render.
 */
const DICOM = join(resolveDataDir(), 'dicom');
const TS_DIR = join(DICOM, 'transfer_syntaxes');
const REFERENCE_FILE = 'CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm';
const MEDIASTINUM = { center: 50, width: 350 };

interface Parsed {
  ds: dicomParser.DataSet;
  bytes: Uint8Array;
}

function parse(file: string): Parsed {
  const bytes = new Uint8Array(readFileSync(file));
  // Deflated files need an inflater; the rest ignore it.
  const inflater = (data: Uint8Array, position: number) => {
    const inflated = inflateRawSync(data.subarray(position));
    const out = new Uint8Array(position + inflated.length);
    out.set(data.subarray(0, position));
    out.set(inflated, position);
    return out;
  };
  // Files without a Part 10 header (no preamble, no meta) are read as Implicit VR Little Endian.
  return { ds: dicomParser.parseDicom(bytes, { inflater, TransferSyntaxUID: '1.2.840.10008.1.2' } as never), bytes };
}

interface PixelSource {
  view: DataView;
  rows: number;
  cols: number;
  signed: boolean;
  bytesPerPixel: number;
  slope: number;
  intercept: number;
}

function pixelsOfFile({ ds, bytes }: Parsed): PixelSource {
  const element = ds.elements.x7fe00010;
  return {
    view: new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, element.length),
    ...pixelParams(ds),
  };
}

function pixelParams(ds: dicomParser.DataSet): Omit<PixelSource, 'view'> {
  return {
    rows: ds.uint16('x00280010')!,
    cols: ds.uint16('x00280011')!,
    signed: ds.uint16('x00280103') === 1,
    bytesPerPixel: ds.uint16('x00280100')! / 8,
    slope: Number(ds.string('x00281053') ?? 1),
    intercept: Number(ds.string('x00281052') ?? 0),
  };
}

/** Mean grey level of the image-centred square (side `side` pixels) after rescale and a linear window. */
function referenceCentreMean(px: PixelSource, window: { center: number; width: number }, side: number): number {
  const lower = window.center - window.width / 2;
  let sum = 0;
  const r0 = Math.round(px.rows / 2 - side / 2);
  const c0 = Math.round(px.cols / 2 - side / 2);
  for (let r = r0; r < r0 + side; r++) {
    for (let c = c0; c < c0 + side; c++) {
      const offset = px.bytesPerPixel * (r * px.cols + c);
      const stored =
        px.bytesPerPixel === 1
          ? px.signed
            ? px.view.getInt8(offset)
            : px.view.getUint8(offset)
          : px.signed
            ? px.view.getInt16(offset, true)
            : px.view.getUint16(offset, true);
      const grey = ((stored * px.slope + px.intercept - lower) / window.width) * 255;
      sum += Math.min(255, Math.max(0, grey));
    }
  }
  return sum / (side * side);
}

/** JPEG 2000's reference pixels: decoded by GDCM outside the PACS, so the check does not lean on the system it checks. */
const GDCM_DECODED = /4\.91/;

/** Stored values, little-endian, as Debian's GDCM (python3-gdcm, through pydicom) decodes the file. */
function gdcmDecodedPixels(path: string, ds: dicomParser.DataSet): PixelSource {
  const script = [
    'import sys, pydicom',
    'from pydicom.pixel_data_handlers import gdcm_handler',
    'pydicom.config.pixel_data_handlers = [gdcm_handler]',
    'pixels = pydicom.dcmread(sys.argv[1]).pixel_array',
    "sys.stdout.buffer.write(pixels.astype(pixels.dtype.newbyteorder('<')).tobytes())",
  ].join('\n');
  const decoded = execFileSync('/usr/bin/python3', ['-c', script, path], { maxBuffer: 64 << 20 });
  return { view: new DataView(decoded.buffer, decoded.byteOffset, decoded.byteLength), ...pixelParams(ds) };
}

/**
 * A lossy file's own pixels, decoded by the PACS (DCMTK) rather than by the browser codecs:
 * lossy encoders change the pixels, so these files are compared with their own decode.
 */
async function pacsDecodedPixels(pacs: PacsHandle, ds: dicomParser.DataSet): Promise<PixelSource> {
  const [study, series, sop] = ['x0020000d', 'x0020000e', 'x00080018'].map((tag) => ds.string(tag)!);
  const response = await orthanc(pacs, `/dicom-web/studies/${study}/series/${series}/instances/${sop}/frames/1`, {
    headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1' },
  });
  expect(response.status).toBe(200);
  const body = new Uint8Array(await response.arrayBuffer());
  const params = pixelParams(ds);
  const start = Buffer.from(body).indexOf('\r\n\r\n') + 4;
  const length = params.rows * params.cols * params.bytesPerPixel;
  return { view: new DataView(body.buffer, body.byteOffset + start, length), ...params };
}

interface CanvasRegion {
  /** Region centre and half-side as fractions of the displayed image (0..1, from its top-left). */
  x: number;
  y: number;
  halfSide: number;
}

/** Mean grey of regions of the displayed image, read back from the viewport's canvas. */
async function displayedMeans(page: Page, regions: CanvasRegion[]): Promise<number[]> {
  return page.evaluate(async (regions) => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=viewer-viewport] canvas');
    const context = canvas?.getContext('2d');
    const size = document.querySelector('[data-testid=viewer-viewport]')?.getAttribute('data-image-size');
    if (!canvas || !context || !size) throw new Error('no 2D viewport canvas or image size');
    const [cols, rows] = size.split('x').map(Number);
    // Cornerstone fits the whole image, centred.
    const scale = Math.min(canvas.width / cols, canvas.height / rows);
    const left = canvas.width / 2 - (cols * scale) / 2;
    const top = canvas.height / 2 - (rows * scale) / 2;
    return regions.map(({ x, y, halfSide }) => {
      const half = Math.round(halfSide * cols * scale);
      const cx = Math.round(left + x * cols * scale);
      const cy = Math.round(top + y * rows * scale);
      const { data } = context.getImageData(cx - half, cy - half, 2 * half, 2 * half);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
      return sum / (data.length / 4);
    });
  }, regions);
}

async function openStudy(page: Page, studyInstanceUid: string): Promise<void> {
  await page.goto(`/study/${studyInstanceUid}`);
  await studySettled(page, studyInstanceUid);
}

/** The viewer shows that study: loaded, and its first image drawn or failed (if it has images). */
async function studySettled(page: Page, studyInstanceUid: string): Promise<void> {
  await expect(page.locator(`[data-testid=viewer][data-study-uid="${studyInstanceUid}"]`)).toHaveAttribute('data-status', /ready|error/);
  if ((await page.getByTestId('viewer-series').count()) > 0) {
    await expect(viewport(page)).toHaveAttribute('data-render-state', /shown|error/);
  }
}

const viewport = (page: Page) => page.getByTestId('viewer-viewport');

async function step(page: Page, key: 'ArrowUp' | 'ArrowDown'): Promise<void> {
  const index = (await viewport(page).getAttribute('data-image-index')) ?? '';
  await page.keyboard.press(key);
  await expect(viewport(page)).not.toHaveAttribute('data-image-index', index);
}

/** Goes to the first image, then steps down until the given instance is the one displayed (or failed). */
async function showInstance(page: Page, sopInstanceUid: string, state: 'shown' | 'error' = 'shown'): Promise<void> {
  await expect(viewport(page)).not.toHaveAttribute('data-render-state', 'loading');
  while ((await viewport(page).getAttribute('data-image-index')) !== '0') await step(page, 'ArrowUp');
  for (let i = 0; i < 50 && (await viewport(page).getAttribute('data-sop-instance-uid')) !== sopInstanceUid; i++) {
    await step(page, 'ArrowDown');
  }
  await expect(viewport(page)).toHaveAttribute('data-sop-instance-uid', sopInstanceUid);
  await expect(viewport(page)).toHaveAttribute('data-render-state', state);
}

async function orthanc(pacs: PacsHandle, path: string, init: RequestInit = {}): Promise<Response> {
  const auth = 'Basic ' + Buffer.from(`${pacs.username}:${pacs.password}`).toString('base64');
  return fetch(`${pacs.url}${path}`, { ...init, headers: { Authorization: auth, ...(init.headers ?? {}) } });
}

/** Several encodings share one SOP Instance UID: the PACS keeps the first, so swap in the one under test. */
async function replaceInstance(pacs: PacsHandle, file: string, sopInstanceUid: string): Promise<void> {
  const lookup = (await (await orthanc(pacs, '/tools/lookup', { method: 'POST', body: sopInstanceUid })).json()) as { ID: string }[];
  for (const { ID } of lookup) expect((await orthanc(pacs, `/instances/${ID}`, { method: 'DELETE' })).status).toBe(200);
  const report = await pacs.stowFile(file);
  expect(report.rejected, `${file} rejected by the PACS`).toHaveLength(0);
}

const ctSlices = readdirSync(TS_DIR).filter((f) => f.startsWith('CTImage.dcm'));
/** Lossy encodings (8/12-bit JPEG, near-lossless JPEG-LS, lossy JPEG 2000) differ from the source by design. */
const LOSSY = /4\.50|4\.51|4\.53|4\.55|4\.81|4\.91/;

test.describe('viewer: every encoding of the CT slice renders the reference pixels', () => {
  const reference = parse(join(TS_DIR, REFERENCE_FILE));
  const studyUID = reference.ds.string('x0020000d')!;
  const sourceMean = referenceCentreMean(pixelsOfFile(reference), MEDIASTINUM, 128);
  // Restore what the seed stored first, so other specs see the usual PACS.
  test.afterAll(async ({ pacs }) => {
    const original = join(TS_DIR, 'CTImage.dcm');
    await replaceInstance(pacs, original, parse(original).ds.string('x00080018')!);
  });

  for (const file of ctSlices) {
    test(file, async ({ page, pacs }) => {
      const path = join(TS_DIR, file);
      const { ds } = parse(path);
      const sop = ds.string('x00080018')!;
      await replaceInstance(pacs, path, sop);
      const lossy = LOSSY.test(file);
      // Before the page loads: Orthanc 1.10's GDCM transcoding is not robust under concurrent requests.
      const ownDecode = () => (GDCM_DECODED.test(file) ? gdcmDecodedPixels(path, ds) : pacsDecodedPixels(pacs, ds));
      const expected = lossy ? referenceCentreMean(await ownDecode(), MEDIASTINUM, 128) : sourceMean;
      await openStudy(page, studyUID);
      await showInstance(page, sop);
      await page.keyboard.press('2');
      await expect(page.getByTestId('overlay-bottom-right')).toContainText('W 350 / L 50');
      const [displayed] = await displayedMeans(page, [{ x: 0.5, y: 0.5, halfSide: 64 / 512 }]);
      const detail = `displayed ${displayed.toFixed(2)}, expected ${expected.toFixed(2)} (source ${sourceMean.toFixed(2)})`;
      expect(Math.abs(displayed - expected), detail).toBeLessThanOrEqual(2);
      // Still the same image: lossy encodings stay near the source (8-bit JPEG requantises HU).
      expect(Math.abs(displayed - sourceMean), detail).toBeLessThanOrEqual(lossy ? 12 : 2);
    });
  }
});

test('MONOCHROME1 chest CR renders with lungs darker than the mediastinum', async ({ page }) => {
  for (const file of ['chest_cr/CR-MONO1-10-chest.dcm', 'chest_cr/RG1_J2KI.dcm']) {
    const { ds } = parse(join(DICOM, file));
    await openStudy(page, ds.string('x0020000d')!);
    await showInstance(page, ds.string('x00080018')!);
    // PA chest: lung fields lateral of the midline at mid height; mediastinum and spine on it.
    const [rightLung, mediastinum, leftLung] = await displayedMeans(page, [
      { x: 0.3, y: 0.45, halfSide: 0.05 },
      { x: 0.5, y: 0.45, halfSide: 0.05 },
      { x: 0.7, y: 0.45, halfSide: 0.05 },
    ]);
    expect(rightLung, `${file}: right lung vs mediastinum`).toBeLessThan(mediastinum - 30);
    expect(leftLung, `${file}: left lung vs mediastinum`).toBeLessThan(mediastinum - 30);
  }
});

test.describe('viewer tools on the CT slice', () => {
  const reference = parse(join(TS_DIR, REFERENCE_FILE));
  const studyUID = reference.ds.string('x0020000d')!;
  const sop = reference.ds.string('x00080018')!;

  test('dragging with the window/level tool changes the displayed W/L', async ({ page }) => {
    await openStudy(page, studyUID);
    await showInstance(page, sop);
    const overlay = page.getByTestId('overlay-bottom-right');
    await expect(overlay).toContainText('W 400 / L 40');
    const box = (await viewport(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    await expect(overlay).not.toContainText('W 400 / L 40');
    await expect(overlay).toContainText(/W \d+ \/ L -?\d+/);
  });

  test('a length measurement reports millimetres from Pixel Spacing', async ({ page }) => {
    const spacing = Number(reference.ds.string('x00280030')!.split('\\')[1]);
    await openStudy(page, studyUID);
    await showInstance(page, sop);
    await expect(page.getByTestId('viewer-calibration')).toHaveAttribute('data-source', 'PixelSpacing');
    await page.keyboard.press('l');
    const box = (await viewport(page).boundingBox())!;
    const canvasScale = Math.min(box.width, box.height) / 512;
    const dragCss = 200;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2 - dragCss / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + dragCss / 2, y, { steps: 10 });
    await page.mouse.up();
    const text = await page.getByTestId('viewer-measurement-list').innerText();
    const mm = Number(/Length ([\d.]+) mm/.exec(text)?.[1]);
    const expectedMm = (dragCss / canvasScale) * spacing;
    // One image pixel of slack at each end for where the handles snap.
    expect(Math.abs(mm - expectedMm), `measured ${mm} mm, expected ${expectedMm.toFixed(1)} mm`).toBeLessThanOrEqual(2 * spacing);
  });
});

test.describe('viewer view tools', () => {
  const reference = parse(join(TS_DIR, REFERENCE_FILE));
  const studyUID = reference.ds.string('x0020000d')!;
  const sop = reference.ds.string('x00080018')!;
  const compass = [
    { x: 0.5, y: 0.25, halfSide: 0.05 },
    { x: 0.75, y: 0.5, halfSide: 0.05 },
    { x: 0.5, y: 0.75, halfSide: 0.05 },
    { x: 0.25, y: 0.5, halfSide: 0.05 },
  ];

  test('invert, rotate, zoom and reset change what is drawn', async ({ page }) => {
    await openStudy(page, studyUID);
    await showInstance(page, sop);
    const [centre] = await displayedMeans(page, [{ x: 0.5, y: 0.5, halfSide: 0.1 }]);
    await page.keyboard.press('i');
    await expect.poll(async () => (await displayedMeans(page, [{ x: 0.5, y: 0.5, halfSide: 0.1 }]))[0]).toBeCloseTo(255 - centre, -1);
    await page.keyboard.press('i');

    const before = await displayedMeans(page, compass);
    await page.keyboard.press(']');
    // A quarter turn moves each compass region's content to its neighbour.
    await expect.poll(async () => Math.max(...(await displayedMeans(page, compass)).map((m, i) => Math.abs(m - before[i])))).toBeGreaterThan(10);
    await page.keyboard.press('[');
    await expect.poll(async () => Math.max(...(await displayedMeans(page, compass)).map((m, i) => Math.abs(m - before[i])))).toBeLessThan(2);

    await page.keyboard.press('z');
    const box = (await viewport(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 120, { steps: 8 });
    await page.mouse.up();
    await expect(page.getByTestId('overlay-bottom-right')).not.toContainText('Zoom 100%');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('overlay-bottom-right')).toContainText('Zoom 100%');
  });

  test('cine plays a multi-frame XA and stops', async ({ page }) => {
    const { ds } = parse(join(DICOM, 'multiframe/HasFragmentSequence.dcm'));
    await openStudy(page, ds.string('x0020000d')!);
    await expect(page.getByTestId('overlay-bottom-left')).toContainText('Im 1/96');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('overlay-bottom-left')).not.toContainText('Im 1/96');
    await page.keyboard.press(' ');
    await expect(page.getByRole('button', { name: /Cine/ })).toHaveAttribute('aria-pressed', 'false');
  });
});

test('an undecodable instance shows its error tile while its neighbours render', async ({ page, pacs }) => {
  const broken = parse(join(DICOM, 'edge_cases/genFile.dcm')).ds;
  const studyUID = broken.string('x0020000d')!;
  const seriesUID = broken.string('x0020000e')!;
  const neighbour = (sopSuffix: string, series: string, instanceNumber: number) => {
    const pixels = new Uint8Array(64 * 64).map((_, i) => (i % 64) * 4);
    return pacs.stowDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: `${seriesUID}.${sopSuffix}`,
      StudyInstanceUID: studyUID,
      SeriesInstanceUID: series,
      PatientID: broken.string('x00100020') ?? '',
      Modality: 'OT',
      InstanceNumber: instanceNumber,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: 64,
      Columns: 64,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PixelData: [pixels.buffer],
    });
  };
  await neighbour('901', seriesUID, 2);
  await neighbour('902', `${seriesUID}.2`, 1);

  await openStudy(page, studyUID);
  await page.locator(`[data-series-uid="${seriesUID}"]`).click();
  await showInstance(page, `${seriesUID}.901`);
  await showInstance(page, broken.string('x00080018')!, 'error');
  await expect(page.getByTestId('viewer-error-tile').first()).toContainText('cannot decode');
  await page.locator(`[data-series-uid="${seriesUID}.2"]`).click();
  await expect(viewport(page)).toHaveAttribute('data-render-state', 'shown');
  await expect(page.locator(`[data-series-uid="${seriesUID}.2"]`)).toHaveAttribute('data-thumb-state', 'rendered');
});

test.describe('study navigation and memory', () => {
  test('previous/next study follow the worklist order; browser back returns to the worklist', async ({ page }) => {
    await page.goto('/');
    const ct = parse(join(TS_DIR, REFERENCE_FILE)).ds.string('x0020000d')!;
    await page.goto(`/study/${ct}`);
    await studySettled(page, ct);
    // Opened by a link, the viewer fetches the worklist order on the first request: one key press
    // must be enough, however long that takes.
    await page.keyboard.press('PageDown');
    await expect(page).not.toHaveURL(new RegExp(`/study/${ct.replace(/\./g, '\\.')}$`));
    const next = decodeURIComponent(page.url().split('/study/')[1]);
    await studySettled(page, next);
    await page.keyboard.press('PageUp');
    await expect(page).toHaveURL(new RegExp(`/study/${ct.replace(/\./g, '\\.')}$`));
    await studySettled(page, ct);
    await page.keyboard.press('b');
    await expect(page).toHaveURL(/\/$/);
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/study/${ct.replace(/\./g, '\\.')}$`));
    await studySettled(page, ct);
  });

  test('30 studies in a row: no WebGL context lost, heap back near its level after 5', async ({ page, pacs }) => {
    test.slow(); // 30 full study loads: on a loaded 2-core machine this needs more than the default budget
    const studies = (await (await orthanc(pacs, '/dicom-web/studies')).json()) as { '0020000D': { Value: string[] } }[];
    const uids = studies
      .map((s) => s['0020000D'].Value[0])
      .filter((uid) => /^[0-9.]+$/.test(uid))
      .slice(0, 30);
    expect(uids.length).toBe(30);
    const contextWarnings: string[] = [];
    page.on('console', (m) => {
      if (/WebGL context/i.test(m.text())) contextWarnings.push(m.text());
    });
    const cdp = await page.context().newCDPSession(page);
    const heapAfterGc = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    await openStudy(page, uids[0]);
    let heapAfter5 = 0;
    for (const [i, uid] of uids.entries()) {
      // In-app navigation (the router listens to popstate), as the previous/next keys do.
      await page.evaluate((path) => {
        history.pushState(null, '', path);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `/study/${uid}`);
      await studySettled(page, uid);
      if (i === 4) heapAfter5 = await heapAfterGc();
    }
    const heapAfter30 = await heapAfterGc();
    console.log(`[viewer memory] JS heap after GC: ${(heapAfter5 / 2 ** 20).toFixed(1)} MB after 5 studies, ${(heapAfter30 / 2 ** 20).toFixed(1)} MB after 30`);
    expect(contextWarnings).toEqual([]);
    // Decoded images live in Cornerstone's cache (bounded, purged per study); the JS heap must not grow per study.
    expect(heapAfter30, `heap after 5 studies ${heapAfter5}, after 30 ${heapAfter30}`).toBeLessThan(heapAfter5 + 40 * 1024 * 1024);
  });
});
