/**
 * The gateway: the only way from a browser to the PACS. Every request under /dicom-web and /pacs
 * is, in this order: signed in (401 before anything about the route is looked at), normalised from
 * the raw request target (400), matched against the allow-list (404/405), STOW-guarded for POST,
 * forwarded with the server's PACS credentials, and audited.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import type { AuditEvent } from '../audit/audit-event';
import { requirePrincipal, type Principal } from '../principal';
import { SCREEN_COOKIE } from '../../src/domain/viewer/screen-cookie';
import { AccessAuditThrottle } from './access-audit';
import { matchAllowedRoute, type RouteMatch } from './allow-list';
import { forwardToPacs, type PacsAnswer } from './forward';
import { normaliseTarget } from './normalise-path';
import { PREVIEW_KEPT_TIMING, type RenderedPreviews } from './rendered-previews';
import { BodyTooLargeError, readBodyWithLimit } from './read-body';
import { planStow, STOW_LIMIT_BYTES, type StudyLookup } from './stow-guard';
import { patientIdsOfStudy } from './study-lookup';

export interface GatewayOptions {
  pacs: PacsConfig | null;
  /** Tests: a fake study lookup instead of QIDO on the PACS. */
  studyLookup?: StudyLookup;
  /** Rendered previews: kept, and started by the study page (./rendered-previews.ts). */
  previews?: RenderedPreviews;
}

/** Browser paths the gateway answers; every method, so that refusals are the gateway's own. */
export const GATEWAY_PREFIXES = ['/dicom-web', '/pacs'] as const;

/** Orthanc honours these: no browser sends them, so a request carrying one is refused, not just stripped. */
const METHOD_OVERRIDE_HEADERS = ['x-http-method-override', 'x-method-override', 'x-http-method'] as const;

const NO_PACS = {
  error: 'No PACS configured',
  detail: 'Start the local Orthanc (npm run orthanc:start) or set DOKUEI_PACS_URL, then restart the server.',
};

/** The app's own preview request: JPEG, unconditional, whole (anything else is forwarded as it is). */
const isPlainJpegAsk = (request: FastifyRequest) =>
  request.headers.accept === 'image/jpeg' && !['range', 'if-none-match', 'if-modified-since'].some((name) => request.headers[name] !== undefined);

function sendKept(reply: FastifyReply, answer: PacsAnswer, kept: boolean): void {
  void reply.code(answer.status).headers(answer.headers);
  if (kept) void reply.header('Server-Timing', PREVIEW_KEPT_TIMING);
  void reply.send(answer.body);
}

function sendJson(reply: FastifyReply, status: number, body: object): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').send(body);
}

export const gatewayPlugin: FastifyPluginAsync<GatewayOptions> = async (app, options) => {
  const { pacs, previews } = options;
  const lookup: StudyLookup = options.studyLookup ?? ((uid) => (pacs ? patientIdsOfStudy(pacs, uid) : Promise.resolve([])));
  const accessThrottle = new AccessAuditThrottle();

  // Bodies are read only by the STOW guard, from the raw stream, with its own limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  const audit = (request: FastifyRequest, principal: Principal | null, event: Omit<AuditEvent, 'user' | 'address' | 'role'>) =>
    app.audit.record({ ...event, user: principal?.id ?? null, ...(principal ? { role: principal.role } : {}), address: request.ip });

  const securityAlert = (request: FastifyRequest, principal: Principal | null, detail: string, studyUID?: string) =>
    audit(request, principal, { event: 'Security Alert', action: 'E', outcome: 4, detail, ...(studyUID ? { studyUID } : {}) });

  function auditRead(request: FastifyRequest, principal: Principal, match: RouteMatch, status: number): void {
    const outcome = status < 400 ? 0 : 4;
    const ids = { ...(match.studyUID ? { studyUID: match.studyUID } : {}), ...(match.patientID ? { patientID: match.patientID } : {}) };
    if (match.route.audit === 'query') {
      const keys = match.matchKeys.length > 0 ? match.matchKeys.join(', ') : 'no match keys';
      audit(request, principal, { event: 'Query', action: 'E', outcome, detail: `${match.route.level ?? ''} level (${match.route.name}): ${keys}`, ...ids });
    } else if (match.route.audit === 'access' && match.studyUID) {
      if (outcome === 0 && !accessThrottle.shouldRecord(principal.id, match.studyUID)) return;
      audit(request, principal, { event: 'DICOM Instances Accessed', action: 'R', outcome, detail: match.route.name, ...ids });
    }
  }

  async function stow(request: FastifyRequest, reply: FastifyReply, principal: Principal, pacsConfig: PacsConfig): Promise<void> {
    let body: Buffer;
    try {
      body = await readBodyWithLimit(request.raw, STOW_LIMIT_BYTES[principal.role]);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        securityAlert(request, principal, `STOW refused: ${error.message}`);
        // The rest of the upload is not read: the connection ends with this answer.
        void reply.header('Connection', 'close');
        sendJson(reply, 413, { error: `STOW body over ${STOW_LIMIT_BYTES[principal.role]} bytes` });
        return;
      }
      sendJson(reply, 400, { error: 'STOW upload failed' });
      return;
    }
    const plan = await planStow(request.headers['content-type'], body, principal, lookup);
    if (!plan.ok) {
      if (plan.securityAlert || plan.status !== 502) securityAlert(request, principal, `STOW refused: ${plan.error}`, plan.studyUID);
      sendJson(reply, plan.status, { error: plan.error });
      return;
    }
    const outcome = await forwardToPacs(
      pacsConfig,
      {
        method: 'POST',
        path: '/dicom-web/studies',
        headers: request.headers,
        host: request.headers.host,
        body: { contentType: plan.contentType, bytes: plan.body },
      },
      reply,
    );
    for (const [studyUID, patientID] of plan.studies) {
      audit(request, principal, {
        event: 'DICOM Instances Transferred',
        action: 'C',
        outcome: outcome.status < 400 ? 0 : 8,
        studyUID,
        patientID,
        detail: `STOW ${plan.notes.join('; ')}${outcome.status < 400 ? '' : ` (PACS answer ${outcome.upstreamStatus ?? outcome.status})`}`.slice(0, 500),
      });
    }
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    // Signed in first: an anonymous probe learns nothing about which routes or encodings exist.
    const principal = requirePrincipal(request, reply);
    if (!principal) return;
    if (principal.via === 'session') previews?.noteScreen(principal.id, request.cookies[SCREEN_COOKIE]);
    const override = METHOD_OVERRIDE_HEADERS.find((name) => request.headers[name] !== undefined);
    if (override) {
      securityAlert(request, principal, `gateway refused ${request.method} with a ${override} header`);
      sendJson(reply, 400, { error: `method override (${override}) is not accepted` });
      return;
    }
    const normalised = normaliseTarget(request.raw.url ?? '');
    if (!normalised.ok) {
      securityAlert(request, principal, `gateway refused ${request.method} request target: ${normalised.reason}`);
      sendJson(reply, 400, { error: `refused request target: ${normalised.reason}` });
      return;
    }
    const match = matchAllowedRoute(request.method, normalised.target);
    if (!match.ok) {
      if (match.status !== 404) securityAlert(request, principal, `gateway refused ${request.method} ${normalised.target.path}: ${match.error}`);
      if (match.allow) void reply.header('Allow', match.allow);
      sendJson(reply, match.status, { error: match.error });
      return;
    }
    if (!pacs) {
      sendJson(reply, 502, NO_PACS);
      return;
    }
    if (match.route.audit === 'stow') return stow(request, reply, principal, pacs);
    if (previews && request.method === 'GET' && match.route.query === 'rendered' && isPlainJpegAsk(request)) {
      const { kept, answer } = previews.answer(match.upstreamPath);
      const preview = await answer;
      // Null: the PACS failed or answered too much; forwarding gives the browser the usual answer for that.
      if (preview) {
        sendKept(reply, preview, kept);
        auditRead(request, principal, match, preview.status);
        return;
      }
    }
    const outcome = await forwardToPacs(
      pacs,
      { method: request.method === 'HEAD' ? 'HEAD' : 'GET', path: match.upstreamPath, headers: request.headers, host: request.headers.host },
      reply,
    );
    auditRead(request, principal, match, outcome.status);
  }

  // The reply is returned: an async handler resolving to undefined would race the streamed answer.
  const route = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    await handle(request, reply);
    return reply;
  };
  for (const prefix of GATEWAY_PREFIXES) {
    app.all(prefix, route);
    app.all(`${prefix}/*`, route);
  }
};
