import { loadPacsConfig } from '../lib/pacs-config';
import { orthancStatus, startOrthanc, stopOrthanc } from './orthanc';

/** npm run orthanc:start|stop|status [-- --dir DIR] — manages the local Orthanc (default .dokuei/orthanc). */
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
      const pacs = await startOrthanc(dir);
      console.log(`Orthanc is up at ${pacs.url} (credentials in ${dir ?? '.dokuei/orthanc'}/pacs.json)`);
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
      console.error('usage: tsx scripts/orthanc/cli.ts start|stop|status [--dir DIR]');
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
