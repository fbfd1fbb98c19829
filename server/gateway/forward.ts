/**
 * One request to Orthanc with the server's credentials, streamed back. Only whitelisted headers
 * cross in either direction, and an error answer never carries the PACS's own body (it can name
 * internals, and a 401 must not make the browser prompt for PACS credentials).
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { FastifyReply } from 'fastify';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';

/** What a browser may tell the PACS. Everything else (cookies, method overrides, X-Forwarded-*) is dropped. */
const REQUEST_HEADERS = ['accept', 'accept-encoding', 'if-none-match', 'if-modified-since', 'range'] as const;
/** What the PACS may tell the browser. */
export const RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'etag',
  'last-modified',
  'cache-control',
  'content-range',
  'accept-ranges',
] as const;

/** No answer headers within this time → 504; also the idle limit while streaming. */
export const PACS_TIMEOUT_MS = 60_000;

export interface UpstreamRequest {
  method: 'GET' | 'HEAD' | 'POST';
  /** Path and query on Orthanc, rebuilt by the allow-list. */
  path: string;
  /** The browser's headers; only the whitelisted ones are used. */
  headers: IncomingHttpHeaders;
  /** The request's Host (already checked by the server): Orthanc builds BulkDataURIs from it. */
  host: string | undefined;
  /** STOW: the rebuilt multipart body and its content type. */
  body?: { contentType: string; bytes: Uint8Array };
}

export interface ForwardOutcome {
  /** Status sent to the browser. */
  status: number;
  /** Orthanc's status, when it answered. */
  upstreamStatus?: number;
}

function upstreamHeaders(pacs: PacsConfig, upstream: UpstreamRequest, target: URL): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  headers.host = upstream.host ?? target.host;
  const auth = basicAuthHeader(pacs);
  if (auth) headers.authorization = auth;
  if (upstream.body) {
    headers['content-type'] = upstream.body.contentType;
    headers['content-length'] = String(upstream.body.bytes.length);
  }
  return headers;
}

function sendError(reply: FastifyReply, status: number, body: object): ForwardOutcome {
  if (!reply.sent && !reply.raw.headersSent) void reply.code(status).header('Cache-Control', 'no-store').send(body);
  return { status };
}

/** Sends `upstream` to the PACS and streams its answer (or a JSON error) to `reply`. */
export function forwardToPacs(pacs: PacsConfig, upstream: UpstreamRequest, reply: FastifyReply): Promise<ForwardOutcome> {
  const base = new URL(pacs.url);
  const target = new URL(base.pathname.replace(/\/+$/, '') + upstream.path, base);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ForwardOutcome) => {
      if (!settled) resolve(outcome);
      settled = true;
    };
    const outgoing = send(target, {
      // HEAD is asked as GET: Orthanc's DICOMweb answers HEAD with 404; Node drops the body for HEAD.
      method: upstream.method === 'HEAD' ? 'GET' : upstream.method,
      headers: upstreamHeaders(pacs, upstream, target),
      timeout: PACS_TIMEOUT_MS,
    });
    // A browser that goes away (navigation, abort) takes its PACS request with it.
    const onClientClose = () => {
      if (!reply.raw.writableFinished) outgoing.destroy();
    };
    reply.raw.once('close', onClientClose);
    outgoing.on('timeout', () => {
      outgoing.destroy();
      finish(sendError(reply, 504, { error: 'PACS timed out' }));
    });
    outgoing.on('error', () => finish(sendError(reply, 502, { error: 'PACS unreachable' })));
    outgoing.on('response', (incoming: IncomingMessage) => {
      const status = incoming.statusCode ?? 502;
      if (status >= 400) {
        incoming.resume(); // drained, never echoed
        const code = status >= 500 ? 502 : status;
        finish({ ...sendError(reply, code, { error: `PACS answered ${status}`, status }), upstreamStatus: status });
        return;
      }
      for (const name of RESPONSE_HEADERS) {
        const value = incoming.headers[name];
        if (value !== undefined) void reply.header(name, value);
      }
      // Patient data: never in a shared cache unless the PACS says otherwise.
      if (incoming.headers['cache-control'] === undefined) void reply.header('Cache-Control', 'private, no-store');
      void reply.code(status).send(incoming);
      finish({ status, upstreamStatus: status });
    });
    outgoing.end(upstream.body ? Buffer.from(upstream.body.bytes.buffer, upstream.body.bytes.byteOffset, upstream.body.bytes.byteLength) : undefined);
  });
}

/** A PACS answer read whole (a small one: a rendered preview), kept to be sent later. */
export interface PacsAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** GETs `path` from the PACS whole; null on any failure or an answer over `maxBytes` (the caller then forwards as usual). */
export async function readFromPacs(pacs: PacsConfig, path: string, accept: string, maxBytes: number): Promise<PacsAnswer | null> {
  const base = new URL(pacs.url);
  const target = new URL(base.pathname.replace(/\/+$/, '') + path, base);
  const auth = basicAuthHeader(pacs);
  try {
    const response = await fetch(target, { headers: { accept, ...(auth ? { authorization: auth } : {}) }, signal: AbortSignal.timeout(PACS_TIMEOUT_MS) });
    if (!response.ok || Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body?.cancel();
      return null;
    }
    const body = Buffer.from(await response.arrayBuffer());
    if (body.length > maxBytes) return null;
    const headers: Record<string, string> = {};
    // fetch has undone any content-encoding: the body's own length stands.
    for (const name of RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null && name !== 'content-encoding' && name !== 'content-length') headers[name] = value;
    }
    headers['cache-control'] ??= 'private, no-store';
    return { status: response.status, headers, body };
  } catch {
    return null;
  }
}
