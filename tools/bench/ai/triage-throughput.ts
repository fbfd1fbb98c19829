/**
 * End-to-end triage throughput of the real app: the worklist page triages every chest study of the PACS
 * in the background (QIDO, frame fetch and decode, every model, SR written back to Orthanc). Read from
 * the worklist's AI progress element, sampled in the page's own clock.
 */
import type { Browser } from 'playwright-core';
import type { SignedInState } from '../env/apps';
import { cpuByRole, cpuPerStudy, processTree, type CpuByRole } from './process-cpu';

export interface ThroughputFigures {
  /** Studies whose models ran while measured (after the first one, i.e. once the models are compiled). */
  studies: number;
  /** Wall time per analysed study in steady state, end to end. */
  perStudyMs: number;
  /** Median worker time per study: frame fetch + decode + analysis. */
  workerStudyMs: number;
  /** Sum of the per-model median inference times: the models alone. */
  inferenceMs: number;
  provider: string;
  /** Studies with an outcome (the divisor of `requests`). */
  done: number;
  /** HTTP requests the page (and its workers) made from opening to the end, by kind. */
  requests: Record<string, number>;
  /** CPU ms per study of every process of the bench, by role, over the same studies (null without /proc). */
  cpuPerStudy: [string, number][] | null;
}

/** What a page request is, for counting round trips per study. */
function requestKind(method: string, url: URL): string {
  const path = url.pathname;
  if (path.startsWith('/api/')) return `${method} ${path.replace(/\/[0-9a-f.-]{16,}(?=\/|$)/gi, '/…')}`;
  if (!path.startsWith('/dicom-web/')) return 'app files';
  if (method === 'POST') return 'STOW (SR, SEG)';
  if (path.endsWith('/metadata')) return 'WADO-RS metadata';
  if (path.includes('/frames/')) return 'WADO-RS frame';
  return 'QIDO';
}

interface Sample {
  t: number;
  done: number;
  total: number;
  inferences: number;
  medians: Record<string, number | null>;
  provider: string;
}

/** Once every enqueued study is done and nothing new arrived for this long, the worklist is complete. */
const SETTLE_MS = 3000;

/** `signedIn`: the worklist needs a session on the Dokuei server (DokueiApp.signedIn()). */
export async function measureTriageThroughput(browser: Browser, origin: string, signedIn: SignedInState, timeoutMs: number): Promise<ThroughputFigures | null> {
  const context = await browser.newContext({ storageState: signedIn, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const requests: Record<string, number> = {};
    page.on('request', (request) => {
      const kind = requestKind(request.method(), new URL(request.url()));
      requests[kind] = (requests[kind] ?? 0) + 1;
    });
    await page.goto(`${origin}/`);
    const sample = () =>
      page.evaluate((): Sample | null => {
        const el = document.querySelector('[data-testid="ai-triage"]');
        if (!el) return null;
        // No named helpers in here: tsx would wrap them in its own __name(), absent in the page.
        return {
          t: performance.now(),
          done: Number(el.getAttribute('data-done')),
          total: Number(el.getAttribute('data-total')),
          inferences: Number(el.getAttribute('data-inferences-run')),
          medians: JSON.parse(el.getAttribute('data-median-ms') ?? '{}'),
          provider: el.getAttribute('title') ?? '',
        };
      });
    let first: Sample | null = null;
    let last: Sample | null = null;
    let tree: number[] | null = null;
    let cpuFirst: CpuByRole | null = null;
    let cpuLast: CpuByRole | null = null;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const now = await sample();
      if (now && now.inferences > 0) {
        // By now the page's processes and workers are all running (the models have run once).
        if (!first) {
          first = now;
          tree = processTree();
          cpuFirst = tree && cpuByRole(tree);
        }
        if (!last || now.done !== last.done || now.total !== last.total) [last, cpuLast] = [now, tree && cpuByRole(tree)];
        else if (now.done === now.total && now.t - last.t > SETTLE_MS) break;
      }
      await page.waitForTimeout(100);
    }
    if (!first || !last || last.done !== last.total || last.inferences <= first.inferences) return null;
    const { study, ...models } = last.medians;
    return {
      studies: last.inferences - first.inferences,
      perStudyMs: (last.t - first.t) / (last.inferences - first.inferences),
      workerStudyMs: study ?? NaN,
      inferenceMs: Object.values(models).reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
      provider: last.provider,
      done: last.done,
      requests,
      cpuPerStudy: cpuFirst && cpuLast ? cpuPerStudy(cpuFirst, cpuLast, last.inferences - first.inferences) : null,
    };
  } finally {
    await context.close();
  }
}
