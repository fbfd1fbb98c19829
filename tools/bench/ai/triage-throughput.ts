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
const TELL = 'dokuei-triage ';

/**
 * Injected into the page (a string: tsx would wrap named functions in its own helpers, absent in the page). The
 * page tells each change of its AI progress element on the console, stamped in its own clock when the DOM changed;
 * asked every 100 ms instead (page.evaluate), a stamp came up to 100 ms late: ±4.5 ms on a 22-study figure.
 */
const PROGRESS_PROBE = `(() => {
  let told = '';
  new MutationObserver(() => {
    const el = document.querySelector('[data-testid="ai-triage"]');
    if (!el) return;
    const attribute = (name) => el.getAttribute(name);
    const now = [attribute('data-done'), attribute('data-total'), attribute('data-inferences-run'), attribute('data-median-ms')].join('|');
    if (now === told) return;
    told = now;
    console.debug('${TELL}' + JSON.stringify({
      t: performance.now(),
      done: Number(attribute('data-done')),
      total: Number(attribute('data-total')),
      inferences: Number(attribute('data-inferences-run')),
      medians: JSON.parse(attribute('data-median-ms') ?? '{}'),
      provider: attribute('title') ?? '',
    }));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-done', 'data-total', 'data-inferences-run', 'data-median-ms'] });
})();`;

/** `signedIn`: the worklist needs a session on the Dokuei server (DokueiApp.signedIn()). */
export async function measureTriageThroughput(browser: Browser, origin: string, signedIn: SignedInState, timeoutMs: number): Promise<ThroughputFigures | null> {
  const context = await browser.newContext({ storageState: signedIn, serviceWorkers: 'block' });
  try {
    await context.addInitScript(PROGRESS_PROBE);
    const page = await context.newPage();
    const requests: Record<string, number> = {};
    page.on('request', (request) => {
      const kind = requestKind(request.method(), new URL(request.url()));
      requests[kind] = (requests[kind] ?? 0) + 1;
    });
    let first: Sample | null = null;
    let last: Sample | null = null;
    let latest: Sample | null = null;
    let lastChange = Date.now();
    let tree: number[] | null = null;
    let cpuFirst: CpuByRole | null = null;
    let cpuLast: CpuByRole | null = null;
    page.on('console', (message) => {
      if (!message.text().startsWith(TELL)) return;
      const now = JSON.parse(message.text().slice(TELL.length)) as Sample;
      if (now.inferences <= 0) return;
      latest = now;
      // By now the page's processes and workers are all running (the models have run once).
      if (!first) {
        first = now;
        tree = processTree();
        cpuFirst = tree && cpuByRole(tree);
      }
      if (!last || now.done !== last.done || now.total !== last.total) {
        [last, cpuLast, lastChange] = [now, tree && cpuByRole(tree), Date.now()];
      }
    });
    await page.goto(`${origin}/`);
    const deadline = Date.now() + timeoutMs;
    const settled = (s: Sample | null) => s !== null && s.done === s.total && Date.now() - lastChange > SETTLE_MS;
    while (Date.now() < deadline && !settled(last)) await new Promise((resolve) => setTimeout(resolve, 250));
    // Narrowed by hand: TypeScript does not see the console handler assign them.
    const [start, end, final] = [first as Sample | null, last as Sample | null, latest as Sample | null];
    if (!start || !end || !final || end.done !== end.total || end.inferences <= start.inferences) return null;
    const { study, ...models } = final.medians;
    return {
      studies: end.inferences - start.inferences,
      perStudyMs: (end.t - start.t) / (end.inferences - start.inferences),
      workerStudyMs: study ?? NaN,
      inferenceMs: Object.values(models).reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
      provider: final.provider,
      done: end.done,
      requests,
      cpuPerStudy: cpuFirst && cpuLast ? cpuPerStudy(cpuFirst, cpuLast, end.inferences - start.inferences) : null,
    };
  } finally {
    await context.close();
  }
}
