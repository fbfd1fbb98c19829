/**
 * `npm run worker`: a headless AI worker. Any number may run (on any machine reaching the database
 * and the PACS); each works the `triage` queue one job at a time, and the `model-validation` queue
 * (server/validation) one run at a time.
 *
 * Environment:
 *   DOKUEI_DATABASE_URL                    the Dokuei database (else the local cluster's connection.json)
 *   DOKUEI_PACS_URL/_USER/_PASSWORD        the PACS directly (else the local Orthanc's pacs.json), or
 *   DOKUEI_WORKER_SERVER_URL + DOKUEI_WORKER_TOKEN   through the Dokuei gateway as a service account
 *   DOKUEI_STATE_DIR / DOKUEI_MODEL_STORE  the model registry's file store (the server's; default .dokuei/model-store),
 *                                          unless the worker reaches the server as a service: then the files come from it
 *   DOKUEI_MODELS_DIR                      default models/: used while the registry has no active version
 *   DOKUEI_TRIAGE_EXPIRE_SECONDS (600), DOKUEI_TRIAGE_RETRY_LIMIT (4), DOKUEI_TRIAGE_RETRY_DELAY_SECONDS (30)
 *   DOKUEI_QUEUE_MAINTENANCE_SECONDS (pg-boss default 120): how soon an expired job is noticed
 *   DOKUEI_WORKER_POLL_SECONDS (0.5, pg-boss's minimum): how soon an idle worker sees a new job
 *   DOKUEI_WORKER_PAUSE_AFTER_STORE_MS     diagnostics/tests only: hold a job after its PACS writes
 *   DOKUEI_WORKER_QUEUES                   default "triage,model-validation": the queues this worker works
 *   DOKUEI_VALIDATION_ROOT                 labelled folders a validation may read lie under it (none: confirmed cases only)
 * SIGTERM/SIGINT: stop fetching, let the current job finish (up to 30 s; otherwise it is retried after
 * its expiry), exit.
 */
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { loadPacsConfig } from '../../tools/lib/pacs-config';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import { stateDirOf } from '../config';
import { databaseUrl } from '../db/database-url';
import { migrate } from '../db/migrate';
import { openDatabase } from '../db/pool';
import { DEFAULT_POLL_SECONDS, TRIAGE_QUEUE, TriageQueue } from '../queue/triage-queue';
import { directTransport, gatewayTransport, type PacsTransport } from '../watcher/pacs-direct';
import { ModelFileStore, modelStoreDir } from '../models/file-store';
import { ActiveModels, modelFileFromServer } from './active-models';
import { MODELS_DIR } from './models';
import { formatStages, TriageWorker } from './triage-job';
import { ModelRegistry } from '../models/registry';
import { runValidation } from '../validation/validation-job';
import { validationRootOf } from '../validation/validation-folder';
import { VALIDATION_QUEUE, ValidationQueue } from '../validation/validation-queue';
import { ValidationStore } from '../validation/validation-store';

const log = (line: string) => console.log(`${new Date().toISOString()} worker[${process.pid}]: ${line}`);

/** "cxr-qa@1.0.0, cxr-triage@1.0.1" from a model key. */
const describe = (key: string) =>
  key
    .split('+')
    .map((k) => k.split(':')[0])
    .join(', ');

const shadowsText = (shadows: readonly LoadedModel[]) =>
  shadows.length ? `; in shadow: ${shadows.map((s) => `${s.manifest.id}@${s.manifest.version}`).join(', ')}` : '';

const numberFromEnv = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, not "${raw}"`);
  return value;
};

function transportFromEnv(): PacsTransport {
  const server = process.env.DOKUEI_WORKER_SERVER_URL;
  const token = process.env.DOKUEI_WORKER_TOKEN;
  if (server && token) return gatewayTransport(server, token);
  const pacs = loadPacsConfig();
  if (!pacs) throw new Error('no PACS: set DOKUEI_PACS_URL (or DOKUEI_WORKER_SERVER_URL + DOKUEI_WORKER_TOKEN), or start the local Orthanc');
  return directTransport(pacs);
}

async function main(): Promise<void> {
  const url = databaseUrl();
  if (!url) throw new Error('no database: set DOKUEI_DATABASE_URL or start the local PostgreSQL (tools/postgres)');
  const transport = transportFromEnv();
  const db = openDatabase(url, { max: 3, applicationName: 'dokuei-worker' });
  await migrate(db);

  const serverUrl = process.env.DOKUEI_WORKER_SERVER_URL;
  const token = process.env.DOKUEI_WORKER_TOKEN;
  const queues = (process.env.DOKUEI_WORKER_QUEUES || `${TRIAGE_QUEUE},${VALIDATION_QUEUE}`).split(',').map((q) => q.trim());
  const unknown = queues.filter((q) => q !== TRIAGE_QUEUE && q !== VALIDATION_QUEUE);
  if (unknown.length > 0) throw new Error(`DOKUEI_WORKER_QUEUES: unknown queue(s) ${unknown.join(', ')} (known: ${TRIAGE_QUEUE}, ${VALIDATION_QUEUE})`);
  const files = new ModelFileStore(modelStoreDir(stateDirOf(process.env)));
  const readFile = serverUrl && token ? modelFileFromServer(serverUrl, token) : async (sha256: string) => files.read(sha256);
  const backend = createOrtNodeBackend({ threads: 1 });
  log('loading the active models (onnxruntime-node, 1 thread)…');
  const active = new ActiveModels({
    db,
    files,
    readFile,
    backend,
    fallbackDir: process.env.DOKUEI_MODELS_DIR || MODELS_DIR,
    log,
  });
  const { models, shadows } = await active.current();
  const pauseMs = numberFromEnv('DOKUEI_WORKER_PAUSE_AFTER_STORE_MS') ?? 0;
  const worker = new TriageWorker({
    db,
    transport,
    models,
    shadows,
    ...(pauseMs > 0
      ? { afterStore: (uid: string) => (log(`holding study ${uid} for ${pauseMs} ms after its PACS writes`), new Promise<void>((r) => setTimeout(r, pauseMs))) }
      : {}),
  });

  const maintenance = numberFromEnv('DOKUEI_QUEUE_MAINTENANCE_SECONDS');
  const expire = numberFromEnv('DOKUEI_TRIAGE_EXPIRE_SECONDS');
  const retryLimit = numberFromEnv('DOKUEI_TRIAGE_RETRY_LIMIT');
  const retryDelay = numberFromEnv('DOKUEI_TRIAGE_RETRY_DELAY_SECONDS');
  const queue = await TriageQueue.open({
    connectionString: url,
    log,
    ...(maintenance ? { maintenanceIntervalSeconds: maintenance } : {}),
    ...(expire ? { expireInSeconds: expire } : {}),
    ...(retryLimit !== undefined ? { retryLimit } : {}),
    ...(retryDelay !== undefined ? { retryDelaySeconds: retryDelay } : {}),
  });

  if (queues.includes(VALIDATION_QUEUE)) {
    const validations = await ValidationQueue.open(queue.boss);
    const deps = {
      store: new ValidationStore(db),
      registry: new ModelRegistry({ db, files }),
      readFile,
      backend,
      transport,
      validationRoot: validationRootOf(process.env),
      log,
    };
    await validations.work((data) => runValidation(data.validationId, deps), numberFromEnv('DOKUEI_WORKER_POLL_SECONDS') ?? DEFAULT_POLL_SECONDS);
  }

  if (queues.includes(TRIAGE_QUEUE))
    await queue.work(
      async (job) => {
        log(`job ${job.id} study ${job.data.studyUid} started (attempt ${job.retryCount + 1}${job.data.force ? ', forced' : ''})`);
        const started = performance.now();
        try {
          // A promotion or rollback in the registry reaches this worker at its next job.
          const current = await active.current();
          if (current.changed) {
            worker.useModels(current.models, current.shadows);
            log(`active models changed: now ${describe(worker.key)}${shadowsText(current.shadows)}`);
          }
          const report = await worker.run(job.data);
          const shadowRuns = report.shadows ? `, ${report.shadows} shadow result(s)` : '';
          const positives = report.summary?.positives.length ? `, positive: ${report.summary.positives.join(', ')}` : '';
          log(
            `job ${job.id} study ${report.studyUid} ${report.outcome} in ${Math.round(performance.now() - started)} ms (${formatStages(report.ms)})${positives}${shadowRuns}`,
          );
          return { outcome: report.outcome, ms: report.ms };
        } catch (error) {
          log(`job ${job.id} study ${job.data.studyUid} failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
      { pollingIntervalSeconds: numberFromEnv('DOKUEI_WORKER_POLL_SECONDS') ?? DEFAULT_POLL_SECONDS },
    );
  log(`ready: working queue ${queues.join(' and ')} with ${models.length} models (${describe(worker.key)})${shadowsText(shadows)}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing the current job, then exiting`);
    queue
      .stop({ graceful: true, timeoutMs: 30_000 })
      .then(() => db.end())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`worker could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
