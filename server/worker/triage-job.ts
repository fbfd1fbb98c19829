/**
 * One triage job: the study's chest image → the models (src/domain/ai, the browser's analysis) → SEG + SR
 * in the PACS (deterministic UIDs) → the row's AI summary and urgency; then the shadow versions on the
 * same decoded image → shadow_results only. Idempotent: a study already analysed by the same model
 * builds (row, or an AI result SR in the PACS) is not analysed again unless forced, nor a shadow
 * version that has its row. Returns what happened and the milliseconds per stage.
 */
import type pg from 'pg';
import { type AnalysisResult, analyzeImage } from '../../src/domain/ai/analyze';
import type { GrayImage } from '../../src/domain/ai/image';
import { fetchGrayFrame } from '../../src/services/inference/pixels/fetch-frame';
import { findChestInstance } from '../../src/services/inference/study-instances';
import { pixelSpacingOf } from '../../src/domain/ai/pixels/attributes';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { PacsClient } from '../../src/services/pacs/client';
import { resultFromAnalysis } from '../../src/domain/ai/result/from-analysis';
import { algorithmsOf, modelKey } from '../../src/domain/ai/result/model-key';
import { readResultSr } from '../../src/services/inference/sr-results';
import type { TriageConfig } from '../../src/domain/triage/config';
import type { TriageJobData } from '../queue/triage-queue';
import { fetchWithHeaders, type PacsTransport, pacsClientOf } from '../watcher/pacs-direct';
import { readStudyFields } from '../watcher/study-reader';
import { noModelSummary, summaryFromResult } from '../worklist/ai-summary';
import type { AiSummary } from '../../src/domain/study/index-row';
import { aiModelKeyOf, inTransaction, setAiSummary, upsertStudy } from '../worklist/repository';
import { storeShadowResults, versionsWithoutResult } from '../monitoring/shadow-results';
import { studyCacheOf } from '../../src/services/pacs/study-cache';
import { readFirstImageHint, setFirstImage } from '../worklist/first-image';
import { storeAiResults } from './store-results';
import { runShadows, shadowsNotApplicable } from './shadow-run';

export interface TriageWorkerDeps {
  db: pg.Pool;
  transport: PacsTransport;
  models: LoadedModel[];
  /** Shadow versions (registry `shadow` + shadow_run). */
  shadows?: LoadedModel[];
  config?: TriageConfig;
  /** Test hook: called after the PACS writes, before the row update (a kill here must not duplicate). */
  afterStore?: (studyUid: string) => Promise<void>;
}

export type TriageOutcome = 'analysed' | 'already-analysed' | 'read-back' | 'no-model';

export interface TriageReport {
  studyUid: string;
  outcome: TriageOutcome;
  summary?: AiSummary;
  /** Milliseconds per stage: check, first-image, select, lookup, fetch, infer, store, index, shadow, shadow-store. */
  ms: Record<string, number>;
  /** Shadow results stored by this job. */
  shadows?: number;
}

const FINAL_STATES = ['done', 'not-applicable', 'no-model'];

/** Runs one named stage of a job, its milliseconds kept in the report. */
type Stage = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export class TriageWorker {
  readonly client: PacsClient;
  private readonly frameFetch: typeof fetch;
  private models: LoadedModel[] = [];
  /** Shadow versions run after the active ones; their results go to shadow_results only. */
  private shadows: LoadedModel[] = [];
  /** modelKey of the builds the next job runs. */
  key = '';

  constructor(private readonly deps: TriageWorkerDeps) {
    this.client = pacsClientOf(deps.transport);
    this.frameFetch = fetchWithHeaders(deps.transport);
    this.useModels(deps.models, deps.shadows);
  }

  /** The model builds for the jobs from now on (the registry's active or shadow set changed). */
  useModels(models: LoadedModel[], shadows: LoadedModel[] = []): void {
    this.models = models;
    this.shadows = shadows;
    this.key = modelKey(algorithmsOf(models.map((m) => m.manifest)));
  }

  async run(job: TriageJobData): Promise<TriageReport> {
    const ms: Record<string, number> = {};
    const stage: Stage = async (name, work) => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        ms[name] = Math.round((performance.now() - started) * 10) / 10;
      }
    };
    const { studyUid } = job;
    const row = await stage('check', () => aiModelKeyOf(this.deps.db, studyUid));
    // Started first: its whole-study metadata request also serves the chest image choice (one study cache).
    // A failure here is not the triage's: the next job of the study asks again.
    const hint = row.firstImageKnown
      ? null
      : stage('first-image', () => readFirstImageHint(studyCacheOf(this.client), studyUid)).then(
          (value) => ({ value }),
          () => null,
        );
    const report = await this.triage(job, row, stage, ms);
    // After the triage: the row exists by now (index() makes one for a study the watcher has not seen yet).
    const computed = await hint;
    if (computed) await setFirstImage(this.deps.db, studyUid, computed.value);
    return report;
  }

  private async triage(job: TriageJobData, row: Awaited<ReturnType<typeof aiModelKeyOf>>, stage: Stage, ms: Record<string, number>): Promise<TriageReport> {
    const { studyUid } = job;
    const models = this.models;
    const key = this.key;
    const manifests = models.map((m) => m.manifest);

    const activeDone = !job.force && row.aiModelKey === key && FINAL_STATES.includes(row.aiStatus ?? '');
    const shadows = job.force ? this.shadows : await this.shadowsToRun(studyUid);
    if (activeDone && shadows.length === 0) return { studyUid, outcome: 'already-analysed', ms };

    const choice = await stage('select', () => findChestInstance(this.client, studyUid));
    if (!choice.applicable) {
      await stage('shadow-store', () => storeShadowResults(this.deps.db, shadowsNotApplicable(studyUid, shadows, choice.reason)));
      if (activeDone) return { studyUid, outcome: 'already-analysed', ms };
      const summary = noModelSummary(choice.reason, key);
      await stage('index', () => this.index(studyUid, job.orthancId, summary));
      return { studyUid, outcome: 'no-model', summary, ms };
    }
    const instance = choice.instance;
    const spacing = pixelSpacingOf(instance);
    const fetchImage = () => stage('fetch', () => fetchGrayFrame({ dicomWebRoot: this.deps.transport.dicomWebRoot, instance, fetch: this.frameFetch }));

    let report: TriageReport = { studyUid, outcome: 'already-analysed', ms };
    let image: GrayImage | undefined;
    let analysis: AnalysisResult | null = null;
    const stored = activeDone || job.force ? null : await stage('lookup', () => readResultSr(this.client, instance, manifests));
    if (stored) {
      const summary = summaryFromResult(stored, manifests);
      await stage('index', () => this.index(studyUid, job.orthancId, summary));
      report = { studyUid, outcome: 'read-back', summary, ms };
    } else if (!activeDone) {
      image = await fetchImage();
      const decoded = image;
      analysis = await stage('infer', () => analyzeImage(models, decoded, { explain: false, ...(spacing ? { pixelSpacingMm: spacing } : {}) }));
      const computed = resultFromAnalysis(analysis, manifests, instance);
      const uids = await stage('store', () => storeAiResults(this.client, computed, manifests, instance));
      await this.deps.afterStore?.(studyUid);
      const summary = summaryFromResult({ ...computed, ...uids }, manifests);
      await stage('index', () => this.index(studyUid, job.orthancId, summary));
      report = { studyUid, outcome: 'analysed', summary, ms };
    }

    // After the active path, on the same decoded image: results kept apart from the row and the PACS.
    if (shadows.length > 0) {
      const decoded = image ?? (await fetchImage());
      const results = await stage('shadow', () =>
        runShadows(shadows, { studyUid, image: decoded, instance, active: analysis, activeModels: models, ...(spacing ? { pixelSpacingMm: spacing } : {}) }),
      );
      await stage('shadow-store', () => storeShadowResults(this.deps.db, results));
      report.shadows = results.length;
    }
    return report;
  }

  /** The shadow versions that have no result for this study yet. */
  private async shadowsToRun(studyUid: string): Promise<LoadedModel[]> {
    if (this.shadows.length === 0) return [];
    const missing = await versionsWithoutResult(
      this.deps.db,
      studyUid,
      this.shadows.map((s) => s.manifest),
    );
    return this.shadows.filter((s) => missing.includes(s.manifest));
  }

  /** The row's AI summary; a study the watcher has not indexed yet gets its row first. */
  private async index(studyUid: string, orthancId: string | undefined, summary: AiSummary): Promise<void> {
    const config = this.deps.config;
    const updated = await inTransaction(this.deps.db, (tx) => setAiSummary(tx, studyUid, summary, config));
    if (updated) return;
    const fields = await readStudyFields(this.client, studyUid, orthancId);
    if (!fields) throw new Error(`study ${studyUid} is no longer in the PACS`);
    await inTransaction(this.deps.db, async (tx) => {
      await upsertStudy(tx, fields, config ? { config } : {});
      await setAiSummary(tx, studyUid, summary, config);
    });
  }
}

/** "12 ms select, 40 ms fetch, …" for the per-job log line. */
export const formatStages = (ms: Record<string, number>) =>
  Object.entries(ms)
    .map(([name, value]) => `${name} ${value} ms`)
    .join(', ');

export const studyLabel = (uid: string) => (uid.length > 24 ? `…${uid.slice(-20)}` : uid);
