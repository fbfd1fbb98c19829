/**
 * buildServer(config): the Dokuei server as one Fastify instance. Order matters: the HTTP ground
 * rules (Host check, headers, JSON errors) and the auth hooks come first so that every later route,
 * the gateway's included, runs behind them; the SPA comes last because it answers every other GET.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type pg from 'pg';
import type { AuditTrail } from './audit/audit-event';
import { decorateAudit } from './audit/audit-plugin';
import { auditRoutes } from './audit/audit-routes';
import { FileAuditTrail } from './audit/file-audit-trail';
import { PgAuditTrail } from './audit/pg-audit-trail';
import type { AuthContext } from './auth/auth-context';
import { authPlugin } from './auth/auth-plugin';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottlePolicy } from './auth/login-throttle';
import { verifyPassword, type PasswordVerifier } from './auth/passwords';
import { sessionCookie } from './auth/session-cookie';
import { MemorySessionStore, type SessionStore } from './auth/session-store';
import { Sessions } from './auth/sessions';
import { UsersStore } from './auth/users';
import { servedOverHttps, type ServerConfig } from './config';
import { gatewayPlugin } from './gateway/gateway-plugin';
import { readFromPacs } from './gateway/forward';
import { RenderedPreviews } from './gateway/rendered-previews';
import { httpPlugin } from './http/http-plugin';
import { serverOrigins } from './http/origins';
import { readingRoutes } from './reading/reading-routes';
import type { ReadingStore } from './reading/reading-store-orthanc';
import type { QueueAdmin } from './queue/triage-queue';
import { spaPlugin } from './static/spa-plugin';
import { firstImageLookup } from './worklist/first-image';
import { monitoringPlugin } from './monitoring/monitoring-plugin';
import { ModelFileStore, modelStoreDir } from './models/file-store';
import { ModelRegistry } from './models/registry';
import { registryRoutes } from './models/registry-routes';
import type { ValidationQueue } from './validation/validation-queue';
import { validationRoutes } from './validation/validation-routes';
import { ValidationStore } from './validation/validation-store';
import { worklistPlugin } from './worklist/worklist-plugin';

/** What tests (and later a PostgreSQL deployment) swap in; production uses the defaults. */
export interface ServerDeps {
  now?: () => number;
  verifyPassword?: PasswordVerifier;
  sessionStore?: SessionStore;
  throttle?: ThrottlePolicy;
  audit?: AuditTrail;
  readingStore?: ReadingStore;
  /** The worklist index (PostgreSQL) and its triage queue: without them there is no /api/worklist. */
  db?: pg.Pool;
  queue?: QueueAdmin;
  /** The model registry (needs db; one over the state folder's file store is made when absent). */
  registry?: ModelRegistry;
  /** The model-validation queue (needs db): without it there are no validation routes. */
  validations?: ValidationQueue;
  /** Fastify logger options; false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
}

const DEFAULT_MAX_MODEL_BYTES = 200_000_000;
/** A display-size JPEG is well under this; a larger answer is not held, the page's request forwards as usual. */
const PREVIEW_MAX_BYTES = 16 * 2 ** 20;

export async function buildServer(config: ServerConfig, deps: ServerDeps = {}): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const options: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } } = {
    logger: deps.logger ?? { level: process.env.DOKUEI_LOG_LEVEL || 'warn' },
    trustProxy: config.trustProxy,
    ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
  };
  const app = Fastify(options) as unknown as FastifyInstance;
  const origins = serverOrigins(app, config);

  // The one place the trail is chosen: with a database every server writes the same one.
  decorateAudit(app, deps.audit ?? (deps.db ? new PgAuditTrail(deps.db, now) : new FileAuditTrail(join(config.stateDir, 'audit'), now)));

  const auth: AuthContext = {
    users: new UsersStore(config.usersFile),
    sessions: new Sessions(
      deps.sessionStore ?? new MemorySessionStore(),
      { idleMs: config.sessionIdleMinutes * 60_000, absoluteMs: config.sessionAbsoluteHours * 3_600_000 },
      now,
    ),
    throttle: new LoginThrottle(now, deps.throttle ?? DEFAULT_THROTTLE),
    verifyPassword: deps.verifyPassword ?? verifyPassword,
    cookie: sessionCookie(servedOverHttps(config)),
    origins,
    idleMinutes: config.sessionIdleMinutes,
  };

  await app.register(httpPlugin, { config, origins, now });
  await app.register(authPlugin, { auth });
  await app.register(auditRoutes);
  await app.register(readingRoutes, { pacs: config.pacs, store: deps.readingStore, now });
  const pacs = config.pacs;
  const previews = pacs ? new RenderedPreviews((path) => readFromPacs(pacs, path, 'image/jpeg', PREVIEW_MAX_BYTES)) : undefined;
  if (deps.db) {
    await app.register(worklistPlugin, { db: deps.db, queue: deps.queue, now, ...(previews ? { previews } : {}) });
    await app.register(monitoringPlugin, { db: deps.db });
    const registry = deps.registry ?? new ModelRegistry({ db: deps.db, files: new ModelFileStore(modelStoreDir(config.stateDir)) });
    await app.register(registryRoutes, { registry, maxModelBytes: config.maxModelBytes ?? DEFAULT_MAX_MODEL_BYTES });
    if (deps.validations)
      await app.register(validationRoutes, {
        registry,
        store: new ValidationStore(deps.db),
        queue: deps.validations,
        validationRoot: config.validationRoot ?? null,
      });
  }
  await app.register(gatewayPlugin, { pacs, ...(previews ? { previews } : {}) });
  const db = deps.db;
  const firstImage = db && pacs ? firstImageLookup(db, pacs, (line) => app.log.warn(line)) : undefined;
  await app.register(spaPlugin, { distDir: config.distDir, ...(firstImage ? { firstImage } : {}), ...(previews ? { previews } : {}) });
  return app;
}

/** Listens and returns the base URL (port 0 picks a free port: what tests use). */
export async function listen(app: FastifyInstance, config: Pick<ServerConfig, 'host' | 'port' | 'tls'>): Promise<string> {
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${port}`;
}

/** buildServer + listen, for tests and tools: `{ app, url }`. */
export async function startServer(config: ServerConfig, deps: ServerDeps = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildServer(config, deps);
  try {
    return { app, url: await listen(app, config) };
  } catch (error) {
    await app.close();
    throw error;
  }
}
