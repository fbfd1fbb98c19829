/**
 * The peer comparisons of `npm run bench`: Dokuei against OHIF (and the Orthanc Web Viewer) on one
 * throw-away Orthanc, in one headless Chromium.
 *
 *   npx tsx tools/bench/compare.ts [--studies 10000] [--runs 3] [--only worklist|viewer]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launchChromium } from './env/browser';
import { startBenchEnv, stopBenchEnv } from './env';
import { runFirstImageBench } from './first-image';
import { writeResults, type BenchFigure } from './lib/results';
import { runWorklistBench } from './worklist-scale';

function positiveInteger(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${flag} must be a whole number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const { values } = parseArgs({
    options: { studies: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, only: { type: 'string' } },
    strict: true,
  });
  const studies = positiveInteger('studies', values.studies);
  const runs = Math.max(1, positiveInteger('runs', values.runs));
  if (values.only && !['worklist', 'viewer'].includes(values.only)) throw new Error('--only must be worklist or viewer');

  const env = await startBenchEnv({ syntheticStudies: values.only === 'viewer' ? 0 : studies, log: (line) => console.log(`bench: ${line}`) });
  const browser = await launchChromium();
  try {
    const rows: BenchFigure[] = [];
    if (values.only !== 'viewer') rows.push(...(await runWorklistBench(browser, env, runs)));
    if (values.only !== 'worklist') rows.push(...(await runFirstImageBench(browser, env, runs)));
    writeResults(rows, { load, studies: env.studyCount });
  } finally {
    await browser.close();
    await stopBenchEnv(env);
  }
}

main().catch((error: unknown) => {
  console.error(`bench compare: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
