import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the server side finds the PACS. The browser never sees these credentials. */
export interface PacsConfig {
  /** Orthanc root URL, e.g. http://127.0.0.1:8042 (no trailing slash). */
  url: string;
  username: string;
  password: string;
}

export const STATE_DIR = resolve(process.env.DOKUEI_STATE_DIR ?? '.dokuei');
export const LOCAL_PACS_FILE = resolve(STATE_DIR, 'orthanc', 'pacs.json');

/**
 * Environment first (an existing hospital PACS, or the e2e harness), else the file the
 * local Orthanc launcher writes. Returns null when neither exists.
 */
export function loadPacsConfig(env: NodeJS.ProcessEnv = process.env): PacsConfig | null {
  if (env.DOKUEI_PACS_URL) {
    return {
      url: env.DOKUEI_PACS_URL.replace(/\/+$/, ''),
      username: env.DOKUEI_PACS_USER ?? '',
      password: env.DOKUEI_PACS_PASSWORD ?? '',
    };
  }
  if (!existsSync(LOCAL_PACS_FILE)) return null;
  return JSON.parse(readFileSync(LOCAL_PACS_FILE, 'utf8')) as PacsConfig;
}

export function basicAuthHeader(config: PacsConfig): string | undefined {
  if (!config.username) return undefined;
  return 'Basic ' + Buffer.from(`${config.username}:${config.password}`).toString('base64');
}
