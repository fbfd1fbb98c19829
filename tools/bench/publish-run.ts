/**
 * `tsx tools/bench/publish-run.ts <run id>` (tools/bench.sh, after every bench succeeded): the run's
 * file bench/tmp/run-<id>.json becomes bench/results.json (replacing it) and its figures are appended
 * to the generated bench/HISTORY.md.
 */
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HISTORY_HEADER, historySection, publishRun, RESULTS_FILE, runFile } from './lib/results';

const HISTORY_FILE = fileURLToPath(new URL('../../bench/HISTORY.md', import.meta.url));

const run = process.argv[2];
if (!run) {
  console.error('usage: publish-run.ts <run id>');
  process.exit(2);
}
try {
  const rows = publishRun(run);
  rmSync(runFile(run));
  if (!existsSync(HISTORY_FILE)) writeFileSync(HISTORY_FILE, HISTORY_HEADER);
  appendFileSync(HISTORY_FILE, historySection(rows) + '\n');
  console.log(`bench: run ${run}: ${rows.length} figures in ${RESULTS_FILE}; appended to ${HISTORY_FILE}`);
} catch (error) {
  console.error(`bench publish: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
