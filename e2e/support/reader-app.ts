import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, type Page } from '@playwright/test';
import { freePort } from '../../scripts/lib/free-port';
import { hashPassword } from '../../scripts/lib/users';
import { spawnDetached, stopGroup, waitForHttp } from './processes';
import { readE2eState } from './state';

/** The built app on a `vite preview` of its own whose users the spec chose (name → password). */
export interface ReaderApp {
  baseURL: string;
  stop(): Promise<void>;
}

/**
 * Readers sign in against a users file: the shared preview uses the developer's own, so a spec
 * that needs signed-in readers serves the same build with a users file it writes.
 */
export async function startReaderApp(users: Record<string, string>): Promise<ReaderApp> {
  const state = readE2eState();
  const dir = mkdtempSync(join(tmpdir(), 'dokuei-readers-e2e-'));
  const usersFile = join(dir, 'users.json');
  writeFileSync(usersFile, JSON.stringify({ users: Object.entries(users).map(([name, password]) => ({ name, passwordHash: hashPassword(password) })) }));
  const port = await freePort();
  const pid = spawnDetached(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--outDir', join(state.root, 'dist'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    join(dir, 'preview.log'),
    { ...process.env, DOKUEI_PACS_URL: state.pacs.url, DOKUEI_PACS_USER: state.pacs.username, DOKUEI_PACS_PASSWORD: state.pacs.password, DOKUEI_USERS_FILE: usersFile },
  );
  const stop = async () => {
    await stopGroup(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${baseURL}/`, pid, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, stop };
}

/** A page of a new browser context signed in as `name`, the reader's way: /api/login, then the worklist. */
export async function signedInPage(browser: Browser, app: ReaderApp, name: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.baseURL, httpCredentials: { username: name, password } });
  const page = await context.newPage();
  await page.goto('/api/login');
  await expect(page).toHaveURL(/\/$/);
  return page;
}
