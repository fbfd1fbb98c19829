export interface EvalArgs {
  data: string[];
  split: string;
  out?: string;
  models: string;
}

export const USAGE = `usage: npm run models:eval -- --data <set folder> [--data <another>] [--split test|val|train|all] [--out file.json] [--models models]
  Evaluates the ONNX models of --models (manifests <id>.json) on data sets in the labels.csv convention.
  --data is a folder, or a set name under $DOKUEI_DATA (default ../shared/data).
  --split defaults to test; "all" keeps every row (e.g. a holdout set with another split value).`;

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): EvalArgs {
  const args: EvalArgs = { data: [], split: 'test', models: 'models' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--data') args.data.push(value());
    else if (flag === '--split') args.split = value();
    else if (flag === '--out') args.out = value();
    else if (flag === '--models') args.models = value();
    else throw new UsageError(`unknown argument ${flag}`);
  }
  if (args.data.length === 0) throw new UsageError('at least one --data folder is required');
  return args;
}
