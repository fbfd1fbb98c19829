/**
 * The app server's /api: who am I, the reading states, and reading actions. Readers authenticate
 * with HTTP Basic against the user list; every change is stamped server-side with that name.
 * Nothing here is proxied: of Orthanc's REST API only the reading-state metadata is reachable.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyOptions } from 'vite';
import { READING_ACTIONS, type ReadingAction } from '../../src/triage/reading-state';
import type { PacsConfig } from './pacs-config';
import { orthancReadingStore } from './reading-state-orthanc';
import { readingService } from './reading-state-service';
import { ensureUsersFile, USERS_FILE, userAuthenticator } from './users';

const ACTION_ROUTE = /^\/api\/reading-state\/([^/?]+)\/([a-z]+)$/;
const STATES_ROUTE = /^\/api\/reading-states(?:\?since=(\d+))?$/;

function reply(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export function readingStateRoutes(config: PacsConfig | null, usersFile: string = USERS_FILE): Record<string, ProxyOptions> {
  const created = ensureUsersFile(usersFile);
  if (created) console.log(`[dokuei] created ${usersFile} with user "demo", password "${created}" (shown once)`);
  const authenticate = userAuthenticator(usersFile);
  const service = config ? readingService(orthancReadingStore(config)) : null;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const user = authenticate(req.headers.authorization);
    const url = req.url ?? '';
    const method = req.method ?? 'GET';
    // Only /api/login challenges: a browser sign-in prompt raised by a background poll would block the page.
    if (url === '/api/login') {
      if (!user) return reply(res, 401, { error: 'sign in' }, { 'WWW-Authenticate': 'Basic realm="Dokuei", charset="UTF-8"' });
      res.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (!user) return reply(res, 401, { error: 'sign in', signIn: '/api/login' });
    if (url === '/api/me' && method === 'GET') return reply(res, 200, { name: user });
    if (!service) return reply(res, 502, { error: 'No PACS configured' });
    const states = STATES_ROUTE.exec(url);
    if (states && method === 'GET') return reply(res, 200, await service.list(states[1] === undefined ? null : Number(states[1])));
    const action = ACTION_ROUTE.exec(url);
    if (action && method === 'POST' && (READING_ACTIONS as readonly string[]).includes(action[2])) {
      const result = await service.act(decodeURIComponent(action[1]), action[2] as ReadingAction, user);
      return reply(res, result.status, result.body);
    }
    return reply(res, states || action ? 405 : 404, { error: `${method} ${url} is not an API route` });
  }

  return {
    '^/api/': {
      target: 'http://127.0.0.1:9',
      async bypass(req, res) {
        if (!res) return undefined;
        try {
          await handle(req, res);
        } catch (error) {
          if (!res.headersSent) reply(res, 502, { error: 'PACS unreachable', detail: error instanceof Error ? error.message : String(error) });
        }
        return req.url; // answered: Vite stops here
      },
    },
  };
}
