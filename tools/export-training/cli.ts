/** npm run export:training -- --out <dir> [--since YYYYMMDD] [--model id@version] [--salt-file file]: see args.ts. */
import { basicAuthHeader, loadPacsConfig } from '../lib/pacs-config';
import { createPacsClient } from '../../src/services/pacs/client';
import { formatSummary } from '../../src/domain/reading/feedback/summary';
import { parseExportArgs, USAGE, UsageError } from './args';
import { exportTrainingSet, OutputNotEmptyError } from './export';
import { DEFAULT_SALT_FILE, loadSalt, SaltError } from './salt';

const EXIT_USAGE = 64;
const EXIT_NO_PACS = 2;

async function main(): Promise<number> {
  let args;
  try {
    args = parseExportArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const pacs = loadPacsConfig();
  if (!pacs) {
    console.error('no PACS: set DOKUEI_PACS_URL (and _USER/_PASSWORD) or start the local one with npm run orthanc:start');
    return EXIT_NO_PACS;
  }
  const auth = basicAuthHeader(pacs);
  const authFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...(auth ? { Authorization: auth } : {}) } });
  const client = createPacsClient({ dicomWebRoot: `${pacs.url}/dicom-web`, orthancRoot: pacs.url, fetch: authFetch });
  const salt = loadSalt(args.saltFile);
  if (salt.created)
    console.error(
      `created a new salt file (mode 0600): ${args.saltFile ?? DEFAULT_SALT_FILE} — keep it private, later exports need it for the same pseudonyms`,
    );
  const report = await exportTrainingSet(client, {
    out: args.out,
    salt: salt.salt,
    ...(args.since ? { since: args.since } : {}),
    ...(args.model ? { model: args.model } : {}),
    parameters: args.given,
    fetch: authFetch,
    progress: (message) => console.error(message),
  });
  console.log(formatSummary(report.summary));
  for (const { reason, count } of report.skipped) console.log(`skipped ${count} image(s): ${reason}`);
  if (report.unknownSrs > 0) console.log(`${report.unknownSrs} SR(s) not Dokuei's or unreadable: ignored`);
  console.log(`\nwrote ${args.out}: labels.csv, images/, manifest.json, README.md`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = e instanceof OutputNotEmptyError || e instanceof SaltError;
    console.error(`export:training failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(known ? EXIT_USAGE : 1);
  },
);
