import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOrthanc } from '../../tools/orthanc/orthanc';
import { orthancIndexLogin, startPostgres } from '../../tools/postgres/postgres';
import { E2E_SIZES } from '../../tools/seed/demo-plan';
import { storedStudyInstanceCounts } from '../../tools/seed/qido';
import { assertDataDir, resolveDataDir, seedDemo } from '../../tools/seed/seed';
import { signIn, startDokueiServer, storageState } from '../../tools/lib/dokuei-server';
import { E2E_ACCOUNTS } from './accounts';
import { runLogged } from './processes';
import { STATE_ENV, type E2eState } from './state';
import { stopEverything } from './global-teardown';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');

/**
 * A throw-away PostgreSQL cluster and Orthanc on its index (the production topology; free ports, temp
 * stores) seeded with the small demo subset plus the original
 * DICOM files, and the Dokuei server (the built app and the only way to that Orthanc) with the e2e
 * accounts; pages start signed in as `reader`.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = resolveDataDir();
  assertDataDir(dataDir);
  const root = mkdtempSync(join(tmpdir(), 'dokuei-e2e-'));
  // As root the cluster runs as `postgres`, which must be able to traverse down to it.
  chmodSync(root, 0o711);
  const statePath = join(root, 'state.json');
  process.env[STATE_ENV] = statePath;
  const orthancDir = join(root, 'orthanc');
  const log = (line: string) => console.log(`[e2e setup] ${line}`);
  const partial: Partial<E2eState> = { root, orthancDir };
  const save = () => writeFileSync(statePath, JSON.stringify(partial, null, 2));
  try {
    const started = Date.now();
    partial.postgresDir = join(root, 'postgres');
    const database = await startPostgres(partial.postgresDir);
    partial.databaseUrl = database.url;
    partial.orthancIndex = orthancIndexLogin(database);
    save();
    partial.pacs = await startOrthanc(orthancDir, { postgres: partial.orthancIndex });
    save();
    log(`Orthanc up at ${partial.pacs.url} (${orthancDir})`);

    // The build runs while the seed stores: both are mostly waiting on different things.
    const outDir = join(root, 'dist');
    const build = runLogged(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir'], join(root, 'build.log'), process.env);
    const summary = await seedDemo(partial.pacs, { dataDir, sizes: E2E_SIZES });
    log(`seeded ${summary.instancesStored} instances in ${summary.seconds.toFixed(1)} s, ${summary.rejected.length} files rejected`);
    await build;
    log(`app built (${((Date.now() - started) / 1000).toFixed(1)} s since start)`);

    const serverDir = join(root, 'server');
    partial.serverDir = serverDir;
    // No AI workers here: the specs check the browser's own AI; the server indexes and queues arrivals.
    const server = await startDokueiServer({
      dir: serverDir,
      distDir: outDir,
      pacs: partial.pacs,
      accounts: Object.values(E2E_ACCOUNTS),
      env: { DOKUEI_DATABASE_URL: partial.databaseUrl },
    });
    partial.serverPid = server.pid;
    partial.baseURL = server.baseURL;
    save();
    const reader = E2E_ACCOUNTS.reader;
    partial.storageStatePath = join(root, 'storage-state.json');
    writeFileSync(partial.storageStatePath, JSON.stringify(storageState(server.baseURL, await signIn(server.baseURL, reader.name, reader.password))));
    save();

    const counts = await storedStudyInstanceCounts(partial.pacs);
    partial.seeded = {
      studies: counts.size,
      instances: [...counts.values()].reduce((sum, count) => sum + count, 0),
      demoStudies: summary.plannedStudies.length,
      rejectedFiles: summary.rejected.map((file) => file.name),
    };
    save();
    log(`app at ${partial.baseURL}; ${partial.seeded.studies} studies in the PACS; ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await stopEverything(partial);
    throw error;
  }
}
