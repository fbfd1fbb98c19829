/**
 * The built app (DIST): hashed files under /assets are cached for a year (their names change with
 * their content); everything else, index.html first, is revalidated on every load. Client routes
 * (GET paths without a file extension outside /api, /dicom-web and /pacs) get index.html. Without a
 * build, the app's paths answer 503 saying how to make one.
 * A signed-in reader's /study/{uid} page also names the study's first image (src/domain/viewer/first-image-hint.ts),
 * so that its preview is asked for while the scripts download; that page is never stored by a cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { FIRST_IMAGE_HINT_ID, type FirstImageHint } from '../../src/domain/viewer/first-image-hint';
import { SCREEN_COOKIE } from '../../src/domain/viewer/screen-cookie';
import type { RenderedPreviews } from '../gateway/rendered-previews';

export interface SpaOptions {
  distDir: string;
  /** The stored first image of a study (server/worklist/first-image.ts); absent without a worklist index. */
  firstImage?: (studyUid: string) => Promise<FirstImageHint | null>;
  /** Starts the named image's preview render for the reader's screen as the page goes out (server/gateway/rendered-previews.ts). */
  previews?: RenderedPreviews;
}

/** The app's study route, with a UID the hint could name (digits and dots). */
const STUDY_ROUTE = /^\/study\/([0-9.]{1,64})$/;

/** index.html with the hint as a JSON data block first in <head>, before the inline script that reads it. */
export function withFirstImageHint(html: string, hint: FirstImageHint): string {
  // The hint passed isFirstImageHint (digits, dots, fixed words); '<' is escaped all the same.
  const json = JSON.stringify(hint).replace(/</g, '\\u003c');
  return html.replace('<head>', `<head>\n<script type="application/json" id="${FIRST_IMAGE_HINT_ID}">${json}</script>`);
}

const SERVER_PREFIXES = ['/api', '/dicom-web', '/pacs'];
/** A file extension starts with a letter: /study/1.2.840.1 (a UID) is a client route, /logo.svg is not. */
const FILE_EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,7}$/;

/** A path the app's router answers (e.g. /study/1.2.3), as opposed to a file or a server route. */
export function isClientRoute(path: string): boolean {
  if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return !FILE_EXTENSION.test(path.slice(path.lastIndexOf('/') + 1));
}

export const spaPlugin: FastifyPluginAsync<SpaOptions> = async (app, { distDir, firstImage, previews }) => {
  const built = existsSync(join(distDir, 'index.html'));
  const indexHtml = built ? readFileSync(join(distDir, 'index.html'), 'utf8') : '';

  /** The study's hint for a signed-in browser session; a failed lookup only costs the early preview. */
  const hintFor = async (request: FastifyRequest, path: string): Promise<FirstImageHint | null> => {
    const study = STUDY_ROUTE.exec(path);
    if (!study || !firstImage || request.principal?.via !== 'session') return null;
    return firstImage(study[1]).catch((error: unknown) => {
      request.log.warn({ err: error }, 'first image hint lookup failed');
      return null;
    });
  };
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
    const hint = await hintFor(request, path);
    const principal = request.principal;
    if (hint && principal) previews?.start(principal.id, request.cookies[SCREEN_COOKIE], hint);
    if (hint) return reply.header('Cache-Control', 'private, no-store').type('text/html; charset=utf-8').send(withFirstImageHint(indexHtml, hint));
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  };
  app.get('/', clientRoute);
  app.get('/*', clientRoute);
};
