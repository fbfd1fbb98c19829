/**
 * Evaluation CLI: runs the committed ONNX models through the project's own TypeScript preprocessing
 * (src/domain/ai) on data sets in the labels.csv convention. See models/README.md for the tasks and row format.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createOrtNodeBackend } from '../src/services/inference/runtime/ort-node';
import { dataRoot, loadDataSet, resolveSetDir, DataSetError } from './models-eval/dataset';
import { parseArgs, UsageError, USAGE } from './models-eval/args';
import { loadModelsFromDir } from './models-eval/models';
import { evaluateDataSets } from './models-eval/run';
import { formatTable } from './models-eval/table';

const EXIT_DATA_MISSING = 2;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 64;
  }
  const dirs = args.data.map(resolveSetDir);
  const missing = args.data.filter((_, i) => dirs[i] === null);
  if (missing.length > 0) {
    console.error(`data folder not found: ${missing.join(', ')} (looked as given and under ${dataRoot()}; set DOKUEI_DATA or pass --data <set folder>)`);
    return EXIT_DATA_MISSING;
  }
  let sets;
  try {
    sets = dirs.map((d) => loadDataSet(d as string));
  } catch (e) {
    if (!(e instanceof DataSetError)) throw e;
    console.error(e.message);
    return EXIT_DATA_MISSING;
  }
  const models = await loadModelsFromDir(resolve(args.models), createOrtNodeBackend());
  console.error(`models: ${models.map((m) => `${m.manifest.id}@${m.manifest.version}`).join(', ')}`);
  const report = await evaluateDataSets(models, sets, args.split, (msg) => console.error(msg));
  console.log(formatTable(report.rows));
  console.log(`\n${report.images} images evaluated`);
  for (const [reason, count] of Object.entries(report.skipped)) console.log(`skipped ${count}: ${reason}`);
  if (args.out) {
    writeFileSync(args.out, JSON.stringify(report.rows, null, 2) + '\n');
    console.error(`wrote ${report.rows.length} rows to ${args.out}`);
  }
  for (const m of models) await m.session.release();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`models:eval failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
