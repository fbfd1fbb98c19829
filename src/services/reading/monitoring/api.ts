/** GET /api/monitoring: the figures computed in SQL by the Dokuei server (server/monitoring). */
import { assertServerReport, type ServerMonitoringReport } from './view';

export const MONITORING_API = '/api/monitoring';

/**
 * The server's report, or null when it answers 404: a server without a database has no such route, and
 * the page then reads every SR itself. Any other failure throws (with the server's reason when it gave one).
 */
export async function fetchServerMonitoring(
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
  signal?: AbortSignal,
): Promise<ServerMonitoringReport | null> {
  const response = await fetchFn(MONITORING_API, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
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
  assertServerReport(body);
  return body;
}
