import { loadPacsConfig } from '../lib/pacs-config';
import { DEMO_SIZES, E2E_SIZES, formatShift, HELD_OUT_NOTICE, planDemo, shiftBuckets } from './demo-plan';
import { assertDataDir, MissingDataError, resolveDataDir, seedDemo } from './seed';
import { seedSyntheticStudies } from './synthetic';

const USAGE = `usage: npm run seed [-- --data DIR] [--small] [--force] [--no-dicom] [--dry-run] [--synthetic N]
  --data DIR      data folder (default $DOKUEI_DATA or ../shared/data)
  --small         the small e2e subset instead of the full demo
  --force         send every study again even if the PACS has it (--force --no-dicom:
                  restart the demo shift at the current time)
  --no-dicom      skip the original files under <data>/dicom
  --dry-run       print the plan (studies by age in the shift) and store nothing
  --synthetic N   store N tiny synthetic studies instead (benchmarks)`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  if (args.includes('--dry-run')) {
    const dataDir = resolveDataDir(option(args, '--data'));
    assertDataDir(dataDir);
    const now = Date.now();
    const plan = planDemo(dataDir, args.includes('--small') ? E2E_SIZES : DEMO_SIZES, { now });
    const sets = new Map<string, number>();
    for (const study of plan) sets.set(study.images[0].set, (sets.get(study.images[0].set) ?? 0) + 1);
    console.log(`The ${HELD_OUT_NOTICE}.`);
    console.log(`${plan.length} studies, ${plan.reduce((n, s) => n + s.images.length, 0)} images, placed before ${new Date(now).toString()}:`);
    console.log(`  ${formatShift(shiftBuckets(plan, now))}`);
    console.log(`  by set: ${[...sets].map(([set, n]) => `${set} ${n}`).join(', ')}`);
    return 0;
  }
  const pacs = loadPacsConfig();
  if (!pacs) {
    console.error('No PACS configured: run `npm run orthanc:start` first, or set DOKUEI_PACS_URL/USER/PASSWORD.');
    return 1;
  }
  const synthetic = option(args, '--synthetic');
  if (synthetic !== undefined) {
    const result = await seedSyntheticStudies(pacs, Number(synthetic), { log: console.log });
    console.log(`Stored ${result.instancesStored} synthetic studies in ${result.seconds.toFixed(1)} s.`);
    return 0;
  }
  const summary = await seedDemo(pacs, {
    dataDir: resolveDataDir(option(args, '--data')),
    sizes: args.includes('--small') ? E2E_SIZES : undefined,
    force: args.includes('--force'),
    rawDicom: !args.includes('--no-dicom'),
    log: console.log,
  });
  for (const { name, reason } of summary.rejected) console.log(`  rejected by the PACS: ${name}: ${reason}`);
  console.log(
    `Seed done in ${summary.seconds.toFixed(1)} s: ${summary.plannedStudies.length} demo studies ` +
      `(${summary.studiesSkipped} were already there, ${summary.studiesRedated} re-dated), ${summary.instancesStored} instances stored, ` +
      `${summary.rawFilesSkipped} DICOM files already there, ${summary.rejected.length} rejected.`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    // 4 tells tools/start.sh that only the data is missing: the app can still run.
    process.exit(error instanceof MissingDataError ? 4 : 1);
  },
);
