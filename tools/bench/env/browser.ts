import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../lib/chromium';
import type { SignedInState } from './apps';

const VIEWPORT = { width: 1280, height: 900 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Plain JS, injected as written (code compiled by tsx would call its own helpers, absent in the page). */
const PAGE_PROBES = fileURLToPath(new URL('./page-probes.js', import.meta.url));

export interface ContextOptions {
  /** The signed-in session (DokueiApp.signedIn()): Dokuei and OHIF both reach the PACS through the Dokuei server. */
  signedIn?: SignedInState;
  /** HTTP basic credentials (the Orthanc Web Viewer is served by Orthanc itself). */
  credentials?: { username: string; password: string };
  /** CSS selector of a study row: enables the first-rows probe and the sort measurement. */
  rowSelector?: string;
}

/** A fresh context (cold HTTP cache, no storage but the session cookie, no service worker) with the page probes in every page. */
export async function freshContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    storageState: options.signedIn,
    httpCredentials: options.credentials,
    serviceWorkers: 'block',
  });
  if (options.rowSelector) await context.addInitScript((selector) => Object.assign(window, { __rowSelector: selector }), options.rowSelector);
  await context.addInitScript({ path: PAGE_PROBES });
  return context;
}

type ProbeTime = '__firstPixel' | '__firstRows';

/**
 * Milliseconds since navigation start when a probe fires (page-probes.js says so on the console), or null after
 * `timeoutMs`. Call it before the navigation it times: nothing is asked of the page meanwhile.
 */
async function probeFired(page: Page, probe: ProbeTime, timeoutMs: number): Promise<number | null> {
  const prefix = `dokuei-probe ${probe} `;
  try {
    const message = await page.waitForEvent('console', { predicate: (m) => m.text().startsWith(prefix), timeout: timeoutMs });
    return Number(message.text().slice(prefix.length));
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') return null;
    throw error;
  }
}

export const firstPixelFired = (page: Page, timeoutMs: number) => probeFired(page, '__firstPixel', timeoutMs);
export const firstRowsFired = (page: Page, timeoutMs: number) => probeFired(page, '__firstRows', timeoutMs);

/** Clicks a column header; milliseconds until the DOM shows the rows in the new order. */
export const measureSort = (page: Page, headerSelector: string, keySelector: string | null) =>
  page.evaluate(([header, key]) => (window as unknown as { __measureSort: (h: string, k: string | null) => Promise<number> }).__measureSort(header, key), [
    headerSelector,
    keySelector,
  ] as const);

/** Re-arms the probe: the next first pixel must differ from what the viewport shows now. */
export const armFirstPixel = (page: Page) => page.evaluate(() => (window as unknown as { __armFirstPixel: () => void }).__armFirstPixel());

export interface HeapUsage {
  /** V8 heap in use (JS objects). */
  jsHeapMB: number;
  /** ArrayBuffer backing stores (decoded pixels live there), outside the V8 heap. */
  arrayBuffersMB: number;
}

/** Main-thread memory after a forced garbage collection (CDP). Workers are not included. */
export async function heapAfterGc(page: Page): Promise<HeapUsage> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { jsHeapMB: usage.usedSize / 2 ** 20, arrayBuffersMB: usage.backingStorageSize / 2 ** 20 };
}

/** Client-side navigation (history API + popstate), which both single-page apps' routers follow. */
export const routeTo = (page: Page, path: string) =>
  page.evaluate((target) => {
    window.history.pushState(null, '', target);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, path);
