import { readFileSync } from 'node:fs';
import type { PacsConfig } from '../../tools/lib/pacs-config';
import type { OrthancPostgresIndex } from '../../tools/orthanc/config';

/** What global setup started, shared with test workers through a JSON file named in the env. */
export interface E2eState {
  /** The Dokuei server (serving the built app), e.g. http://127.0.0.1:41234. */
  baseURL: string;
  /** The throw-away Orthanc, reached directly by Node-side helpers (never by the browser). */
  pacs: PacsConfig;
  /** The private PostgreSQL cluster: Orthanc's index and the Dokuei database (worklist index, sessions, queue). */
  postgresDir: string;
  databaseUrl: string;
  /** Orthanc's login to its index database: a restart must find the same index. */
  orthancIndex: OrthancPostgresIndex;
  /** Folder of that Orthanc instance (config, PID, log, store): startOrthanc/stopOrthanc act on it. */
  orthancDir: string;
  /** Temp root of the whole run (build output, logs). */
  root: string;
  /** The Dokuei server's process (group) and its state folder (users, audit trail, log). */
  serverPid: number;
  serverDir: string;
  /** Playwright storage state signed in as the `reader` account: every page starts signed in. */
  storageStatePath: string;
  /** Counts in the PACS right after seeding. */
  seeded: { studies: number; instances: number; demoStudies: number; rejectedFiles: string[] };
}

export const STATE_ENV = 'DOKUEI_E2E_STATE';

export function readE2eState(): E2eState {
  const path = process.env[STATE_ENV];
  if (!path) throw new Error(`${STATE_ENV} is not set: run the e2e tests through playwright.config.ts`);
  return JSON.parse(readFileSync(path, 'utf8')) as E2eState;
}
