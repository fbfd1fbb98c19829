import { type Browser, expect, type Page } from '@playwright/test';
import { signIn, type SignedIn } from '../../tools/lib/dokuei-server';
import { E2E_ACCOUNTS, type E2eAccount } from './accounts';
import { readE2eState } from './state';

/** A page of a new browser context (no session) signed in as `name` the reader's way: the sign-in page. */
export async function signedInPage(browser: Browser, name: E2eAccount): Promise<Page> {
  const account = E2E_ACCOUNTS[name];
  const context = await browser.newContext({ baseURL: readE2eState().baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/');
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User name').fill(account.name);
  await form.getByLabel('Password').fill(account.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('reader')).toContainText(account.displayName);
  return page;
}

/** Node-side requests as `name`: the session cookie, the CSRF token and the same-origin Origin header. */
export async function apiAs(name: E2eAccount): Promise<{ signedIn: SignedIn; fetch: (path: string, init?: RequestInit) => Promise<Response> }> {
  const { baseURL } = readE2eState();
  const account = E2E_ACCOUNTS[name];
  const signedIn = await signIn(baseURL, account.name, account.password);
  const headers = { Cookie: `${signedIn.cookie.name}=${signedIn.cookie.value}`, 'X-CSRF-Token': signedIn.csrfToken, Origin: baseURL };
  return {
    signedIn,
    fetch: (path, init = {}) => fetch(`${baseURL}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } }),
  };
}
