/**
 * The built app (DIST): hashed files under /assets are cached for a year (their names change with
 * their content); everything else, index.html first, is revalidated on every load. Client routes
 * (GET paths without a file extension outside /api, /dicom-web and /pacs) get index.html. Without a
 * build, the app's paths answer 503 saying how to make one.
 * A signed-in reader's /study/{uid} page also names the study's first image (src/domain/viewer/first-image-hint.ts),
 * so that its preview is asked for while the scripts download, and carries that preview itself when the server has
 * it for the reader's screen (server/gateway/rendered-previews.ts); that page is never stored by a cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { FIRST_IMAGE_HINT_ID, FIRST_IMAGE_PREVIEW_ID, type FirstImageHint } from '../../src/domain/viewer/first-image-hint';
import { SCREEN_COOKIE } from '../../src/domain/viewer/screen-cookie';
import type { ReadyPreview, RenderedPreviews } from '../gateway/rendered-previews';

export interface SpaOptions {
  distDir: string;
  /** The stored first image of a study (server/worklist/first-image.ts); absent without a worklist index. */
  firstImage?: (studyUid: string) => Promise<FirstImageHint | null>;
  /** Starts the named image's preview render for the reader's screen as the page goes out (server/gateway/rendered-previews.ts). */
  previews?: RenderedPreviews;
}

/** The app's study route, with a UID the hint could name (digits and dots). */
const STUDY_ROUTE = /^\/study\/([0-9.]{1,64})$/;

/** A preview carried in the page costs its bytes a third more (base64) in every load: display-size JPEGs only. */
const MAX_EMBEDDED_PREVIEW_BYTES = 512 * 1024;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * index.html with the hint as a JSON data block first in <head>, before the inline script that reads it,
 * and the preview itself when the server has it (base64 JPEG, its URL in `data-url`).
 */
export function withFirstImageHint(html: string, hint: FirstImageHint, preview: ReadyPreview | null = null): string {
  // The hint passed isFirstImageHint (digits, dots, fixed words); '<' is escaped all the same.
  const json = JSON.stringify(hint).replace(/</g, '\\u003c');
  const blocks = [`<script type="application/json" id="${FIRST_IMAGE_HINT_ID}">${json}</script>`];
  if (preview) {
    const data = preview.answer.body.toString('base64');
    blocks.push(`<script type="text/plain" id="${FIRST_IMAGE_PREVIEW_ID}" data-url="${escapeAttribute(preview.url)}">${data}</script>`);
  }
  return html.replace('<head>', `<head>\n${blocks.join('\n')}`);
}

/** A preview the page may carry: a whole JPEG answer of display size. */
const embeddable = (preview: ReadyPreview | null): ReadyPreview | null =>
  preview &&
  preview.answer.status === 200 &&
  preview.answer.headers['content-type']?.startsWith('image/jpeg') &&
  preview.answer.body.length <= MAX_EMBEDDED_PREVIEW_BYTES
    ? preview
    : null;

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
    if (hint && principal) {
      const screen = request.cookies[SCREEN_COOKIE];
      const preview = previews ? embeddable(previews.readyFor(principal.id, screen, hint)) : null;
      if (preview) {
        // Pixels of the study leave with this page, as they would through the gateway: audited the same way.
        app.audit.record({
          event: 'DICOM Instances Accessed',
          action: 'R',
          outcome: 0,
          user: principal.id,
          role: principal.role,
          address: request.ip,
          studyUID: hint.studyUid,
          detail: 'WADO rendered frame (first image preview carried in the study page)',
        });
      } else previews?.start(principal.id, screen, hint);
      return reply
        .header('Cache-Control', 'private, no-store')
        .type('text/html; charset=utf-8')
        .send(withFirstImageHint(indexHtml, hint, preview));
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  };
  app.get('/', clientRoute);
  app.get('/*', clientRoute);
};
