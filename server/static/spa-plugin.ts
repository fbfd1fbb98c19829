/**
 * The built app (DIST): hashed files under /assets are cached for a year (their names change with
 * their content); everything else, index.html first, is revalidated on every load. Client routes
 * (GET paths without a file extension outside /api, /dicom-web and /pacs) get index.html. Without a
 * build, the app's paths answer 503 saying how to make one.
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

export interface SpaOptions {
  distDir: string;
}

const SERVER_PREFIXES = ['/api', '/dicom-web', '/pacs'];
/** A file extension starts with a letter: /study/1.2.840.1 (a UID) is a client route, /logo.svg is not. */
const FILE_EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,7}$/;

/** A path the app's router answers (e.g. /study/1.2.3), as opposed to a file or a server route. */
export function isClientRoute(path: string): boolean {
  if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return !FILE_EXTENSION.test(path.slice(path.lastIndexOf('/') + 1));
}

export const spaPlugin: FastifyPluginAsync<SpaOptions> = async (app, { distDir }) => {
  const built = existsSync(join(distDir, 'index.html'));
  const assetsDir = join(distDir, 'assets') + sep;

  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      // One route per built file, so that unknown paths reach the client-route handler below.
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('Cache-Control', path.startsWith(assetsDir) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  const clientRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (!isClientRoute(path)) return reply.callNotFound();
    if (!built) {
      return reply
        .code(503)
        .header('Cache-Control', 'no-store')
        .send({ error: `The app is not built (no ${join(distDir, 'index.html')}): run npm run build, then restart the server.` });
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  };
  app.get('/', clientRoute);
  app.get('/*', clientRoute);
};
