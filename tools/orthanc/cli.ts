import { loadPacsConfig } from '../lib/pacs-config';
import { runServiceCli } from '../lib/service-cli';
import { orthancIndexLogin, postgresPaths, runningPostgresConnection } from '../postgres/postgres';
import { orthancStatus, startOrthanc, stopOrthanc } from './orthanc';

/** --postgres [--postgres-dir DIR]: the index in the running private cluster (tools/postgres). */
function postgresIndex(rest: string[]) {
  if (!rest.includes('--postgres')) return undefined;
  const dirIndex = rest.indexOf('--postgres-dir');
  const dir = dirIndex >= 0 ? rest[dirIndex + 1] : undefined;
  const connection = runningPostgresConnection(dir);
  if (!connection) {
    throw new Error(`no PostgreSQL runs on ${postgresPaths(dir).data}: start it first (tsx tools/postgres/cli.ts start)`);
  }
  return orthancIndexLogin(connection);
}

const external = process.env.DOKUEI_PACS_URL;

/**
 * npm run orthanc:start|stop|status [-- --dir DIR] [--postgres [--postgres-dir DIR]] — manages the local
 * Orthanc (default .dokuei/orthanc); with --postgres its index lives in the private PostgreSQL cluster.
 */
runServiceCli({
  name: 'Orthanc',
  usage: 'tsx tools/orthanc/cli.ts start|stop|status [--dir DIR] [--postgres [--postgres-dir DIR]]',
  external: external
    ? {
        onStart: `DOKUEI_PACS_URL is set (${external}): using that PACS, no local Orthanc started.`,
        onStatus: () => `DOKUEI_PACS_URL is set: the app uses ${loadPacsConfig()?.url}`,
      }
    : undefined,
  async start(dir, rest) {
    const postgres = postgresIndex(rest);
    const pacs = await startOrthanc(dir, { postgres });
    const index = postgres ? `index in PostgreSQL ${postgres.host}:${postgres.port}/${postgres.database}` : 'SQLite index';
    return `Orthanc is up at ${pacs.url}, ${index} (credentials in ${dir ?? '.dokuei/orthanc'}/pacs.json)`;
  },
  stop: stopOrthanc,
  status: orthancStatus,
});
