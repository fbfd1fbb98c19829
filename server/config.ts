/**
 * ServerConfig from the environment. Everything the server needs to know about where it runs is read
 * here once, so the plugins take plain values (and tests build a config without touching process.env).
 */
import { resolve } from 'node:path';
import { validationRootOf } from './validation/validation-folder';
import { loadPacsConfig, STATE_DIR, type PacsConfig } from '../tools/lib/pacs-config';

export interface ServerConfig {
  port: number;
  host: string;
  /** Extra Host header values (lower case, with port unless default); the loopback ones are always allowed. */
  extraHosts: string[];
  /** The origin browsers use when the server sits behind a TLS reverse proxy, e.g. https://dokuei.hospital.org. */
  publicOrigin: string | null;
  /** Trust X-Forwarded-For from the reverse proxy (request.ip becomes the browser's address). */
  trustProxy: boolean;
  /** Native TLS: certificate and key file paths. */
  tls: { certFile: string; keyFile: string } | null;
  distDir: string;
  stateDir: string;
  usersFile: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  pacs: PacsConfig | null;
  /** Largest ONNX file the model registry accepts (DOKUEI_MODEL_MAX_MB, default 200). */
  maxModelBytes?: number;
  /** DOKUEI_VALIDATION_ROOT: labelled folders a local validation may read lie under it (none: confirmed cases only). */
  validationRoot?: string | null;
}

const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

function positiveNumber(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${name} must be a positive number, not "${value}"`);
  return number;
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  const url = new URL(value); // throws a clear "Invalid URL" on a typo
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`DOKUEI_PUBLIC_ORIGIN must be http(s), not ${url.protocol}`);
  return url.origin;
}

/** DOKUEI_STATE_DIR, else .dokuei (shared with the worker, which finds the model file store there). */
export const stateDirOf = (env: NodeJS.ProcessEnv) => (env.DOKUEI_STATE_DIR ? resolve(env.DOKUEI_STATE_DIR) : STATE_DIR);

/** DOKUEI_USERS_FILE, else users.json in the state directory (shared with the users CLI). */
export const usersFileOf = (env: NodeJS.ProcessEnv = process.env) => resolve(env.DOKUEI_USERS_FILE || resolve(stateDirOf(env), 'users.json'));

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const stateDir = stateDirOf(env);
  const port = env.PORT === undefined || env.PORT === '' ? 4173 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const certFile = env.DOKUEI_TLS_CERT;
  const keyFile = env.DOKUEI_TLS_KEY;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new Error('Native TLS needs both DOKUEI_TLS_CERT and DOKUEI_TLS_KEY');
  return {
    port,
    host: env.DOKUEI_HOST || '127.0.0.1',
    extraHosts: listOf(env.DOKUEI_ALLOWED_HOSTS),
    publicOrigin: originOf(env.DOKUEI_PUBLIC_ORIGIN),
    trustProxy: env.DOKUEI_TRUST_PROXY === '1' || env.DOKUEI_TRUST_PROXY === 'true',
    tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : null,
    distDir: resolve(env.DOKUEI_DIST_DIR || 'dist'),
    stateDir,
    usersFile: usersFileOf(env),
    sessionIdleMinutes: positiveNumber(env.DOKUEI_SESSION_IDLE_MINUTES, 30, 'DOKUEI_SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: 12,
    pacs: loadPacsConfig(env),
    maxModelBytes: positiveNumber(env.DOKUEI_MODEL_MAX_MB, 200, 'DOKUEI_MODEL_MAX_MB') * 1_000_000,
    validationRoot: validationRootOf(env),
  };
}

/** Browsers reach the server over https (native TLS, or a TLS proxy in front). */
export function servedOverHttps(config: ServerConfig): boolean {
  return config.tls !== null || config.publicOrigin?.startsWith('https:') === true;
}
