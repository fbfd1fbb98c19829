import { csrfHeaders, useSession } from '../session/session-store';
import { createPacsClient } from './client';
import { preloadingFetch } from './preloaded-fetch';

/**
 * The app's client: same-origin roots on the Dokuei server, usable from the page and from workers
 * (a worker has no session state of its own: it only reads, and its cookie comes with every fetch).
 */
export const pacsClient = createPacsClient({
  headers: csrfHeaders,
  onUnauthorized: () => useSession.getState().expired(),
  fetch: preloadingFetch(),
});
