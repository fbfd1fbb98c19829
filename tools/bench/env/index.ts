import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopGroup } from '../../../e2e/support/processes';
import { sopInstanceUidOf } from '../../seed/raw-dicom';
import { E2E_SIZES } from '../../seed/demo-plan';
import { assertDataDir, resolveDataDir, seedDemo } from '../../seed/seed';
import { seedSyntheticStudies } from '../../seed/synthetic';
import { freePort } from '../../lib/free-port';
import { sleep } from '../../lib/process';
import { startPostgres, stopPostgres } from '../../postgres/postgres';
import { openDatabase } from '../../../server/db/pool';
import { serveDokuei, serveOhif, stopApp, type DokueiApp, type ServedApp } from './apps';
import { orthancJson, startBenchOrthanc, type BenchOrthanc } from './orthanc';

/** A series the viewer bench opens: DICOMweb UIDs for Dokuei and OHIF, Orthanc's id for its Web Viewer. */
export interface BenchSeries {
  label: string;
  studyInstanceUid: string;
  orthancSeriesId: string;
}

export interface BenchEnv {
  root: string;
  orthanc: BenchOrthanc;
  /** The Dokuei server's database (private cluster): the worklist reads its index, as in production. */
  postgresDir: string;
  /** The Dokuei server; its signedIn() state also opens OHIF (same host, so the same cookie). */
  dokuei: DokueiApp;
  /** OHIF's dist behind a `vite preview` whose /dicom-web goes to the Dokuei server. */
  ohif: ServedApp;
  /** Studies in the PACS once seeding is done. */
  studyCount: number;
  /** Real-size chest X-ray studies of the demo seed, in plan order (the heap bench opens them in a row). */
  demoStudyUIDs: string[];
  /** The 1955×1841 chest CR and the 30-slice CT. */
  series: { cr: BenchSeries; ct: BenchSeries };
}

export interface EnvOptions {
  syntheticStudies: number;
  log: (line: string) => void;
}

interface OrthancInstance {
  ParentSeries: string;
}
interface OrthancSeries {
  ParentStudy: string;
}
interface OrthancStudy {
  MainDicomTags: { StudyInstanceUID: string };
}

/** Finds the series holding a stored file, through Orthanc's REST API. */
async function seriesOfFile(orthanc: BenchOrthanc, label: string, file: string): Promise<BenchSeries> {
  const sopInstanceUid = sopInstanceUidOf(new Uint8Array(readFileSync(file)));
  if (!sopInstanceUid) throw new Error(`${file} has no SOPInstanceUID`);
  const [hit] = await orthancJson<{ ID: string }[]>(orthanc.pacs, '/tools/lookup', sopInstanceUid);
  if (!hit) throw new Error(`${file} is not in the bench PACS (the seed rejected it?)`);
  const instance = await orthancJson<OrthancInstance>(orthanc.pacs, `/instances/${hit.ID}`);
  const series = await orthancJson<OrthancSeries>(orthanc.pacs, `/series/${instance.ParentSeries}`);
  const study = await orthancJson<OrthancStudy>(orthanc.pacs, `/studies/${series.ParentStudy}`);
  return { label, studyInstanceUid: study.MainDicomTags.StudyInstanceUID, orthancSeriesId: instance.ParentSeries };
}

/** The watcher indexed ~5.6 studies/s at load 20 on the 2-core machine (1,045 in 185 s): 10,000 take ~30 min there. */
const INDEX_TIMEOUT_MS = 60 * 60_000;
/** A count that stopped growing this long is final (two Orthanc studies may share one StudyInstanceUID: one row). */
const INDEX_SETTLED_MS = 60_000;

/**
 * Waits until the server's watcher has indexed every study of the PACS (its `worklist` table), so the
 * worklist bench reads a complete index, not one still filling up.
 */
async function waitForIndex(databaseUrl: string, studies: number, log: (line: string) => void): Promise<void> {
  const db = openDatabase(databaseUrl, { max: 1, applicationName: 'dokuei-bench' });
  try {
    const started = Date.now();
    let reported = started;
    let last = { n: -1, since: started };
    for (;;) {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM worklist').catch(() => ({ rows: [{ n: 0 }] }));
      const n = rows[0].n;
      if (n !== last.n) last = { n, since: Date.now() };
      const settled = n > 0 && Date.now() - last.since > INDEX_SETTLED_MS;
      if (n >= studies || settled)
        return log(`server index: ${n} rows for ${studies} studies in Orthanc, after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (Date.now() - started > INDEX_TIMEOUT_MS) throw new Error(`the server indexed ${n} of ${studies} studies in ${INDEX_TIMEOUT_MS / 60_000} min`);
      if (Date.now() - reported > 30_000) {
        reported = Date.now();
        log(`server index: ${n} of ${studies} studies`);
      }
      await sleep(1000);
    }
  } finally {
    await db.end();
  }
}

/**
 * Everything the peer benches need, all throw-away under one temp folder: Orthanc (+ Web Viewer plugin)
 * seeded with the small demo subset, the original DICOM files and `syntheticStudies` tiny studies;
 * a private PostgreSQL for the Dokuei server's worklist index; Dokuei built and served by the Dokuei
 * server (its watcher indexes every study before the benches start); OHIF's prebuilt dist served by
 * `vite preview` in front of that server.
 */
export async function startBenchEnv(options: EnvOptions): Promise<BenchEnv> {
  const dataDir = resolveDataDir();
  assertDataDir(dataDir);
  const root = mkdtempSync(join(tmpdir(), 'dokuei-bench-'));
  chmodSync(root, 0o711); // as root the cluster runs as `postgres`, which must reach its folder
  const postgresDir = join(root, 'postgres');
  const started: { orthanc?: BenchOrthanc; apps: ServedApp[]; building?: Promise<unknown> } = { apps: [] };
  try {
    const database = await startPostgres(postgresDir);
    const orthanc = (started.orthanc = await startBenchOrthanc(join(root, 'orthanc')));
    options.log(`Orthanc up at ${orthanc.pacs.url}, PostgreSQL on port ${database.port}; building Dokuei while seeding (temp root ${root})`);
    // OHIF's port first: the Dokuei server must accept OHIF's Host, which its proxy keeps.
    const ohifPort = await freePort();
    const dokueiPromise = serveDokuei(root, orthanc.pacs, { allowedHosts: [`127.0.0.1:${ohifPort}`], databaseUrl: database.url }).then(
      (app) => (started.apps.push(app), app),
    );
    started.building = dokueiPromise;
    const demo = await seedDemo(orthanc.pacs, { dataDir, sizes: E2E_SIZES });
    options.log(`demo seed: ${demo.instancesStored} instances in ${demo.seconds.toFixed(1)} s`);
    if (options.syntheticStudies > 0) {
      const synthetic = await seedSyntheticStudies(orthanc.pacs, options.syntheticStudies, { log: options.log });
      options.log(`synthetic seed: ${synthetic.instancesStored} studies in ${synthetic.seconds.toFixed(1)} s`);
    }
    const dokuei = await dokueiPromise;
    const ohif = await serveOhif(root, dokuei.origin, ohifPort);
    started.apps.push(ohif);
    const statistics = await orthancJson<{ CountStudies: number }>(orthanc.pacs, '/statistics');
    await waitForIndex(database.url, statistics.CountStudies, options.log);
    const dicomDir = join(dataDir, 'dicom');
    return {
      root,
      orthanc,
      postgresDir,
      dokuei,
      ohif,
      studyCount: statistics.CountStudies,
      demoStudyUIDs: demo.plannedStudies.map((study) => study.studyInstanceUid),
      series: {
        cr: await seriesOfFile(orthanc, 'chest CR 1955×1841', join(dicomDir, 'chest_cr', 'RG1_JLSN.dcm')),
        ct: await seriesOfFile(orthanc, 'CT 30 slices', join(dicomDir, 'ct_chest_series_LungPETCTDx_A0002', '1-01.dcm')),
      },
    };
  } catch (error) {
    await started.building?.catch(() => undefined); // its server must be stopped too
    await stopAll(root, started.orthanc, started.apps, postgresDir);
    throw error;
  }
}

async function stopAll(root: string, orthanc: BenchOrthanc | undefined, apps: ServedApp[], postgresDir: string): Promise<void> {
  for (const app of apps) await stopApp(app);
  if (orthanc) await stopGroup(orthanc.pid);
  await stopPostgres(postgresDir).catch(() => undefined);
  if (process.env.DOKUEI_BENCH_KEEP === '1') console.log(`bench: kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

/** Stops servers, Orthanc and PostgreSQL by PID and removes the temp folder (DOKUEI_BENCH_KEEP=1 keeps it). */
export const stopBenchEnv = (env: BenchEnv) => stopAll(env.root, env.orthanc, [env.dokuei, env.ohif], env.postgresDir);
