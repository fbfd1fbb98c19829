import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRELOAD_GLOBAL } from '../../src/services/pacs/preloaded-fetch';

const globals = globalThis as unknown as Record<string, unknown>;

/** A fresh gate per test: its release is once per page. */
const freshGate = async () => {
  vi.resetModules();
  return import('../../src/app/app-gate');
};

const settledWithin = async (promise: Promise<void>, ms: number) => {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
};

describe('appMayStart', () => {
  afterEach(() => {
    delete globals[PRELOAD_GLOBAL];
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('lets the app start at once when the page started no shell', async () => {
    vi.useFakeTimers();
    const { appMayStart } = await freshGate();
    expect(await settledWithin(appMayStart(), 0)).toBe(true);
  });

  it('lets the app start at once on the worklist, whose preloaded first page has no shell', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { pathname: '/' });
    globals[PRELOAD_GLOBAL] = {};
    const { appMayStart } = await freshGate();
    expect(await settledWithin(appMayStart(), 0)).toBe(true);
  });

  it('holds the app until the shell is done', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { pathname: '/study/1.2.3' });
    globals[PRELOAD_GLOBAL] = {};
    const { appMayStart, releaseApp } = await freshGate();
    const mayStart = appMayStart();
    expect(await settledWithin(mayStart, 1000)).toBe(false);
    releaseApp();
    expect(await settledWithin(mayStart, 0)).toBe(true);
  });

  it('stops holding it after 2.5 s when the shell never reports', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('location', { pathname: '/study/1.2.3' });
    globals[PRELOAD_GLOBAL] = {};
    const { appMayStart } = await freshGate();
    const mayStart = appMayStart();
    expect(await settledWithin(mayStart, 2400)).toBe(false);
    expect(await settledWithin(mayStart, 200)).toBe(true);
  });
});
