/**
 * One validation run, in a worker (onnxruntime-node; never in the HTTP server): the candidate and the
 * active version it is compared with are loaded from the registry (sha256-verified), the cases are
 * gathered — the readers' confirmed cases from the PACS, labelled as the training export labels them,
 * and/or a labels.csv folder under the validation root — and both versions see every image once, through
 * the evaluation of `models:eval` (tools/models-eval). Progress is written as it goes; a failure says why.
 */
import type { InferenceBackend } from '../../src/domain/ai/runtime/backend';
import { loadModel, type LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { confirmedCases } from '../../src/domain/reading/feedback/confirmed-cases';
import { errorGist, fetchFeedbackImage } from '../../src/services/reading/feedback/feedback-image';
import { loadAllSrs } from '../../src/services/reading/monitoring/load';
import { type DataSet, loadDataSet } from '../../tools/models-eval/dataset';
import { SkipImage } from '../../tools/models-eval/decode';
import { evaluateDataSets } from '../../tools/models-eval/run';
import type { ModelRegistry, ModelVersion } from '../models/registry';
import { fetchWithHeaders, pacsClientOf, type PacsTransport } from '../watcher/pacs-direct';
import { checkValidationFolder } from './validation-folder';
import type { ValidationStore } from './validation-store';

/** The data set name of the confirmed cases in the report rows. */
export const CONFIRMED_CASES = 'confirmed-cases';
/** Progress is written at most this often (and at the end). */
const PROGRESS_MS = 500;

export interface ValidationJobDeps {
  store: ValidationStore;
  registry: ModelRegistry;
  /** A registered file's bytes (the file store here, or the server for workers that reach it as a service). */
  readFile: (sha256: string) => Promise<Uint8Array>;
  backend: InferenceBackend;
  transport: PacsTransport;
  validationRoot: string | null;
  log: (line: string) => void;
}

async function confirmedCaseSet(transport: PacsTransport, log: (line: string) => void): Promise<DataSet> {
  const client = pacsClientOf(transport);
  const fetch = fetchWithHeaders(transport);
  const cases = confirmedCases(await loadAllSrs(client));
  log(`validation: ${cases.length} confirmed case(s) in the PACS`);
  const images = new Map(cases.map((c) => [c.row.file, c.image]));
  return {
    name: CONFIRMED_CASES,
    dir: '',
    columns: [...new Set(cases.flatMap((c) => Object.keys(c.row)))],
    rows: cases.map((c) => c.row),
    async readImage(row) {
      try {
        return (await fetchFeedbackImage(client, images.get(row.file)!, fetch)).image;
      } catch (error) {
        throw new SkipImage(errorGist(error instanceof Error ? error.message : String(error)));
      }
    },
  };
}

async function load(deps: ValidationJobDeps, version: ModelVersion): Promise<LoadedModel> {
  return loadModel(deps.backend, version.manifest, await deps.readFile(version.sha256));
}

export async function runValidation(validationId: number, deps: ValidationJobDeps): Promise<void> {
  const { store, registry, log } = deps;
  const run = await store.get(validationId);
  if (!run || run.state !== 'queued') return;
  const models: LoadedModel[] = [];
  try {
    await store.progress(validationId, 0, 0);
    const candidate = await registry.find(run.versionId);
    models.push(await load(deps, candidate));
    if (run.activeVersionId !== null) models.push(await load(deps, await registry.find(run.activeVersionId)));
    const sets: DataSet[] = [];
    if (run.sources.confirmedCases) sets.push(await confirmedCaseSet(deps.transport, log));
    if (run.sources.folder) sets.push(loadDataSet(checkValidationFolder(deps.validationRoot, run.sources.folder)));
    let written = 0;
    const report = await evaluateDataSets(models, sets, 'all', log, (done, total) => {
      if (done < total && Date.now() - written < PROGRESS_MS) return;
      written = Date.now();
      void store.progress(validationId, done, total).catch((error: unknown) => log(`validation ${validationId}: progress not written: ${String(error)}`));
    });
    await store.finish(validationId, { candidate: report.byModel[0], active: report.byModel[1] ?? [], images: report.images, skipped: report.skipped });
    log(`validation ${validationId} of ${candidate.modelId} ${candidate.version}: ${report.images} image(s), ${report.rows.length} rows`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`validation ${validationId} failed: ${message}`);
    await store.fail(validationId, message);
  } finally {
    await Promise.all(models.map((m) => m.session.release()));
  }
}
