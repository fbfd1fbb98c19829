import { loadPacsConfig } from '../lib/pacs-config';
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

/**
 * npm run orthanc:start|stop|status [-- --dir DIR] [--postgres [--postgres-dir DIR]] — manages the local
 * Orthanc (default .dokuei/orthanc); with --postgres its index lives in the private PostgreSQL cluster.
 */
async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const dirIndex = rest.indexOf('--dir');
  const dir = dirIndex >= 0 ? rest[dirIndex + 1] : undefined;
  const external = process.env.DOKUEI_PACS_URL;

  switch (command) {
    case 'start': {
      if (external) {
        console.log(`DOKUEI_PACS_URL is set (${external}): using that PACS, no local Orthanc started.`);
        return 0;
      }
      const postgres = postgresIndex(rest);
      const pacs = await startOrthanc(dir, { postgres });
      const index = postgres ? `index in PostgreSQL ${postgres.host}:${postgres.port}/${postgres.database}` : 'SQLite index';
      console.log(`Orthanc is up at ${pacs.url}, ${index} (credentials in ${dir ?? '.dokuei/orthanc'}/pacs.json)`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopOrthanc(dir);
      console.log(stopped ? 'Orthanc stopped.' : 'Orthanc was not running.');
      return 0;
    }
    case 'status': {
      if (external) console.log(`DOKUEI_PACS_URL is set: the app uses ${loadPacsConfig()?.url}`);
      const status = await orthancStatus(dir);
      console.log(JSON.stringify(status, null, 2));
      return status.running ? 0 : 3;
    }
    default:
      console.error('usage: tsx tools/orthanc/cli.ts start|stop|status [--dir DIR] [--postgres [--postgres-dir DIR]]');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
