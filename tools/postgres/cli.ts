import { postgresPaths, postgresStatus, startPostgres, stopPostgres } from './postgres';

/** tsx tools/postgres/cli.ts start|stop|status [--dir DIR] — the private cluster (default .dokuei/postgres). */
async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const dirIndex = rest.indexOf('--dir');
  const dir = dirIndex >= 0 ? rest[dirIndex + 1] : undefined;
  const external = process.env.DOKUEI_DATABASE_URL;

  switch (command) {
    case 'start': {
      if (external) {
        console.log('DOKUEI_DATABASE_URL is set: using that database, no local PostgreSQL started.');
        return 0;
      }
      const started = Date.now();
      const connection = await startPostgres(dir);
      console.log(`PostgreSQL is up on ${connection.host}:${connection.port} in ${Date.now() - started} ms ` + `(logins in ${postgresPaths(dir).connection})`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopPostgres(dir);
      console.log(stopped ? 'PostgreSQL stopped.' : 'PostgreSQL was not running.');
      return 0;
    }
    case 'status': {
      if (external) console.log('DOKUEI_DATABASE_URL is set: the server uses that database.');
      const status = postgresStatus(dir);
      console.log(JSON.stringify(status, null, 2));
      return status.running ? 0 : 3;
    }
    default:
      console.error('usage: tsx tools/postgres/cli.ts start|stop|status [--dir DIR]');
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
