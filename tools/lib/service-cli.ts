/** The start|stop|status command line shared by the local services the tools manage (Orthanc, PostgreSQL). */
export interface ServiceCli {
  /** As in "Orthanc stopped." */
  name: string;
  usage: string;
  /** Set when the environment names an external service: what start and status print instead of managing a local one. */
  external?: { onStart: string; onStatus: () => string };
  /** Starts the service and returns the line to print. */
  start(dir: string | undefined, args: string[]): Promise<string>;
  stop(dir: string | undefined): Promise<boolean>;
  status(dir: string | undefined): { running: boolean } | Promise<{ running: boolean }>;
}

/** Exit codes: 0 done, 1 failed, 2 usage, 3 status: not running. */
async function run(cli: ServiceCli, argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const dirIndex = rest.indexOf('--dir');
  const dir = dirIndex >= 0 ? rest[dirIndex + 1] : undefined;
  switch (command) {
    case 'start':
      console.log(cli.external ? cli.external.onStart : await cli.start(dir, rest));
      return 0;
    case 'stop':
      console.log((await cli.stop(dir)) ? `${cli.name} stopped.` : `${cli.name} was not running.`);
      return 0;
    case 'status': {
      if (cli.external) console.log(cli.external.onStatus());
      const status = await cli.status(dir);
      console.log(JSON.stringify(status, null, 2));
      return status.running ? 0 : 3;
    }
    default:
      console.error(`usage: ${cli.usage}`);
      return 2;
  }
}

export function runServiceCli(cli: ServiceCli): void {
  run(cli, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
