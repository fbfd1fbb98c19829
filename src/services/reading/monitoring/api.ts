/** GET /api/monitoring and /api/monitoring/shadow: the figures computed in SQL by the Dokuei server (server/monitoring). */
import type { ShadowReport } from '../../../domain/reading/monitoring/shadow-report';
import { assertServerReport, type ServerMonitoringReport } from './view';

export const MONITORING_API = '/api/monitoring';
export const SHADOW_API = '/api/monitoring/shadow';

/** The JSON body, or null on 404 (a server without a database has no such route); other failures throw with the server's reason. */
async function getJson(path: string, fetchFn: typeof fetch, signal?: AbortSignal): Promise<unknown> {
  const response = await fetchFn(path, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  if (response.status === 404) {
    await response.text().catch(() => '');
    return null;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`monitoring: HTTP ${response.status}, not JSON`);
  }
  if (!response.ok) throw new Error(`monitoring: ${(body as { error?: string } | null)?.error ?? `HTTP ${response.status}`}`);
  return body;
}

const browserFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/** The server's report, or null when it answers 404: the page then reads every SR itself. */
export async function fetchServerMonitoring(fetchFn: typeof fetch = browserFetch, signal?: AbortSignal): Promise<ServerMonitoringReport | null> {
  const body = await getJson(MONITORING_API, fetchFn, signal);
  if (body === null) return null;
  assertServerReport(body);
  return body;
}

/** Shadow versions beside the active ones, or null without a database. */
export async function fetchShadowReport(fetchFn: typeof fetch = browserFetch, signal?: AbortSignal): Promise<ShadowReport | null> {
  const body = (await getJson(SHADOW_API, fetchFn, signal)) as ShadowReport | null;
  if (body !== null && (typeof body !== 'object' || !Array.isArray(body.comparisons))) throw new Error('monitoring: the shadow report has no comparisons');
  return body;
}
