/**
 * On a /study/ link the page shell paints the study's preview first (src/app/first-paint-shell.ts), and
 * the app's bundle runs after it: evaluating the bundle holds the main thread for seconds on a loaded
 * machine, which the preview's few tasks would otherwise wait out. A shell that neither paints nor
 * gives up in time (or whose chunk failed to load) does not hold the app any longer.
 */
import { PRELOAD_GLOBAL } from '../services/pacs/preloaded-fetch';
import { parseRoute } from '../services/router/routes';

const SHELL_WAIT_MS = 2500;

/** Performance mark set when the app's chunk runs (./start-app; read by tools/bench/worklist-scale.ts). */
export const APP_STARTED_MARK = 'dokuei:app-started';

let release!: () => void;
const released = new Promise<void>((resolve) => (release = resolve));

/** The shell has painted, or will not. */
export function releaseApp(): void {
  release();
}

/**
 * Resolves when the app may start: at once unless the page's inline script started the shell (it does on a
 * /study/ page whose study it preloaded; the worklist's preloaded first page has no shell).
 */
export function appMayStart(): Promise<void> {
  if (!(PRELOAD_GLOBAL in globalThis) || parseRoute(location.pathname).name !== 'study') return Promise.resolve();
  return Promise.race([released, new Promise<void>((resolve) => setTimeout(resolve, SHELL_WAIT_MS))]);
}
