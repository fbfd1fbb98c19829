import { runServiceCli } from '../lib/service-cli';
import { postgresPaths, postgresStatus, startPostgres, stopPostgres } from './postgres';

/** tsx tools/postgres/cli.ts start|stop|status [--dir DIR] — the private cluster (default .dokuei/postgres). */
runServiceCli({
  name: 'PostgreSQL',
  usage: 'tsx tools/postgres/cli.ts start|stop|status [--dir DIR]',
  external: process.env.DOKUEI_DATABASE_URL
    ? {
        onStart: 'DOKUEI_DATABASE_URL is set: using that database, no local PostgreSQL started.',
        onStatus: () => 'DOKUEI_DATABASE_URL is set: the server uses that database.',
      }
    : undefined,
  async start(dir) {
    const started = Date.now();
    const connection = await startPostgres(dir);
    return `PostgreSQL is up on ${connection.host}:${connection.port} in ${Date.now() - started} ms (logins in ${postgresPaths(dir).connection})`;
  },
  stop: stopPostgres,
  status: postgresStatus,
});
