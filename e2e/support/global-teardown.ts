import { existsSync, readFileSync, rmSync } from 'node:fs';
import { stopOrthanc } from '../../tools/orthanc/orthanc';
import { stopPostgres } from '../../tools/postgres/postgres';
import { stopGroup } from './processes';
import { STATE_ENV, type E2eState } from './state';

/** Stops the Dokuei server, Orthanc and PostgreSQL by PID; removes the temp root unless DOKUEI_E2E_KEEP=1. */
export async function stopEverything(state: Partial<E2eState>): Promise<void> {
  if (state.serverPid) await stopGroup(state.serverPid);
  if (state.orthancDir) await stopOrthanc(state.orthancDir);
  // Last: Orthanc and the server need their database while they shut down.
  if (state.postgresDir) await stopPostgres(state.postgresDir);
  if (state.root && process.env.DOKUEI_E2E_KEEP !== '1') rmSync(state.root, { recursive: true, force: true });
  else if (state.root) console.log(`[e2e teardown] kept ${state.root}`);
}

export default async function globalTeardown(): Promise<void> {
  const path = process.env[STATE_ENV];
  if (!path || !existsSync(path)) return;
  await stopEverything(JSON.parse(readFileSync(path, 'utf8')) as Partial<E2eState>);
}
