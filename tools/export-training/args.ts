import { parseArgs } from 'node:util';

export interface ExportArgs {
  out: string;
  /** UTC midnight of --since. */
  since?: Date;
  model?: string;
  saltFile?: string;
  /** The arguments as given, for manifest.json. */
  given: Record<string, string>;
}

export const USAGE = `usage: npm run export:training -- --out <dir> [--since YYYYMMDD] [--model <id@version>] [--salt-file <file>]
  Reader decisions (assessment SRs in the PACS) → a de-identified labels.csv + PNG dataset in <dir> (new or empty).
  --since      only decisions made on or after that day (UTC)
  --model      only AI results of that model build, e.g. cxr-triage@1.0.0
  --salt-file  the pseudonymisation key (default .dokuei/export-salt, created with mode 0600 on first use)
  PACS: DOKUEI_PACS_URL/_USER/_PASSWORD, else the local Orthanc (.dokuei/orthanc/pacs.json).`;

export class UsageError extends Error {}

function sinceDate(value: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const date = match && new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  if (!match || !date || date.getUTCDate() !== +match[3]) throw new UsageError(`--since takes a date YYYYMMDD, not ${value}`);
  return date;
}

export function parseExportArgs(argv: readonly string[]): ExportArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, since: { type: 'string' }, model: { type: 'string' }, 'salt-file': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.out) throw new UsageError('--out <dir> is required');
  if (values.model !== undefined && !/^[^@\s]+@[^@\s]+$/.test(values.model)) throw new UsageError(`--model takes id@version, not ${values.model}`);
  const given = Object.fromEntries(Object.entries(values).filter(([key]) => key !== 'out' && key !== 'salt-file')) as Record<string, string>;
  return {
    out: values.out,
    ...(values.since !== undefined ? { since: sinceDate(values.since) } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['salt-file'] !== undefined ? { saltFile: values['salt-file'] } : {}),
    given,
  };
}
