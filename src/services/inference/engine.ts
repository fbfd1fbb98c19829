/**
 * The page side of in-browser AI: one worker, and per study the path cache → SR in the PACS →
 * run the models → cache + SR back to the PACS. Studies are processed one at a time from a queue
 * that the worklist fills (STAT, newest first) and the viewer can jump.
 */
import type { ModelManifest } from '../../domain/ai/manifest';
import { findChestInstance } from './study-instances';
import { type ActiveModels, fetchActiveModels } from './active-models';
import { AiWorkerClient } from './worker/client';
import type { WorkerEvent } from './worker/protocol';
import { type DicomJson, getString } from '../../domain/dicom/dicom-json';
import { pacsClient } from '../pacs/default-client';
import type { PacsClient } from '../pacs/client';
import { Tag } from '../../domain/dicom/tags';
import type { Study } from '../../domain/study/study';
import { cachedResult, cacheResult } from './cache';
import { resultFromAnalysis } from '../../domain/ai/result/from-analysis';
import { algorithmsOf, modelKey } from '../../domain/ai/result/model-key';
import { compareForTriage, mayHaveChestImage } from '../../domain/ai/queue-order';
import { readResultSr } from './sr-results';
import { storeResultInPacs } from './store-result';
import { type PacsWait, recordRun, setStudyStatus, useInference } from './store';
import { classifyTriageFailure, triageRetryDelayMs } from '../../domain/ai/triage-retry';
import type { StudyAiResult, StudyAiStatus } from '../../domain/ai/result/types';
import { errorMessage } from './error-message';

/** One AI worker with the models of one active set; a promotion or rollback starts the next. */
interface Generation {
  key: string;
  client: AiWorkerClient;
  ready: Promise<ModelManifest[]>;
}

let generation: Generation | null = null;
let checking: Promise<ActiveModels> | null = null;

function onWorkerEvent(event: WorkerEvent, resolveReady: (manifests: ModelManifest[]) => void): void {
  const set = useInference.setState;
  switch (event.type) {
    case 'provider':
      return set({ provider: event.choice });
    case 'progress':
      return set((s) => ({ models: { ...s.models, [event.model]: { phase: event.phase, loaded: event.loaded, total: event.total } } }));
    case 'model-ready':
      return set((s) => ({ models: { ...s.models, [event.manifest.id]: { phase: 'ready', compileMs: event.compileMs } } }));
    case 'model-refused':
      return set((s) => ({ models: { ...s.models, [event.model]: { phase: 'refused', message: event.message } } }));
    case 'ready':
      set({ manifests: event.manifests });
      return resolveReady(event.manifests);
    case 'crashed':
      set((s) => ({ manifests: [], models: { ...s.models, worker: { phase: 'refused', message: event.message } } }));
      return resolveReady([]);
  }
}

function startGeneration(active: ActiveModels): Generation {
  let resolveReady: (manifests: ModelManifest[]) => void = () => {};
  const ready = new Promise<ModelManifest[]>((resolve) => (resolveReady = resolve));
  // Events of a retired worker (still finishing its last study) no longer describe the page's models.
  const client: AiWorkerClient = new AiWorkerClient((event) => generation?.client === client && onWorkerEvent(event, resolveReady), active.sources);
  return { key: active.key, client, ready };
}

/** The worker of these active models: the current one, or a new one when a promotion or rollback changed them. */
function generationOf(active: ActiveModels): Generation {
  if (generation?.key === active.key) return generation;
  generation?.client.retire();
  useInference.setState({ models: {}, manifests: null });
  generation = startGeneration(active);
  return generation;
}

/** The server's active models, asked once per study (the lanes share a question in flight). */
function activeModels(): Promise<ActiveModels> {
  checking ??= fetchActiveModels().finally(() => (checking = null));
  return checking;
}

async function runModels(worker: AiWorkerClient, client: PacsClient, instance: DicomJson, manifests: ModelManifest[]): Promise<StudyAiResult> {
  const reply = await worker.analyze(instance, client.dicomWebRoot);
  recordRun(Object.fromEntries(reply.result.models.map((m) => [m.id, m.inferenceMs])), reply.totalMs);
  return resultFromAnalysis(reply.result, manifests, instance);
}

/** The UIDs of the SR and SEG already stored for a study's result (a recompute only adds heat maps). */
function storedUids(status: StudyAiStatus | undefined): Pick<StudyAiResult, 'srInstanceUid' | 'segInstanceUid'> {
  const previous = status?.phase === 'done' ? status.result : undefined;
  return { srInstanceUid: previous?.srInstanceUid, segInstanceUid: previous?.segInstanceUid };
}

/**
 * The lung SEG and the AI result SR into the PACS (one request); the result with their UIDs goes into the cache.
 * When they do not get there, the computed result is cached without them: the retry stores it instead of
 * running the models again (one cache write per study either way).
 */
async function storeInPacs(client: PacsClient, computed: StudyAiResult, manifests: ModelManifest[], sop: DicomJson): Promise<StudyAiResult> {
  let result: StudyAiResult;
  try {
    result = await storeResultInPacs(client, computed, manifests, sop);
  } catch (error) {
    await cacheResult(computed);
    throw error;
  }
  await cacheResult(result);
  return result;
}

/**
 * One study through the whole path, to its outcome (done or no model); throws when it fails.
 * `recompute` runs the models even when an SR has the findings (for heatmaps).
 */
async function analyseStudy(uid: string, recompute: boolean, client: PacsClient = pacsClient): Promise<StudyAiStatus> {
  const previous = useInference.getState().studies[uid];
  setStudyStatus(uid, { phase: 'running' });
  // Asked alongside the study's QIDO rather than after it: one round trip less in each study's path.
  const active = activeModels();
  active.catch(() => undefined); // a study no model applies to does not wait for (or fail on) the answer
  const choice = await findChestInstance(client, uid);
  if (!choice.applicable) return { phase: 'no-model', reason: choice.reason };
  // Only now: a study no model applies to must not pay for the runtime and model downloads.
  const models = generationOf(await active);
  const manifests = await models.ready;
  if (manifests.length === 0) throw new Error('no AI model could be loaded');
  const key = modelKey(algorithmsOf(manifests));
  const sop = choice.instance;
  const cached = recompute ? null : await cachedResult(getString(sop, Tag.SOPInstanceUID), key);
  const stored = recompute || cached?.srInstanceUid ? cached : await readResultSr(client, sop, manifests);
  if (stored) return { phase: 'done', result: stored };
  // A cached result whose SR never reached the PACS (it went away after the models ran) is stored now, not computed again.
  const computed = cached ?? (await runModels(models.client, client, sop, manifests));
  if (!recompute) return { phase: 'done', result: await storeInPacs(client, computed, manifests, sop) };
  const result = { ...computed, ...storedUids(previous) };
  await cacheResult(result); // with the stored SR's UID: a later visit does not store it again
  return { phase: 'done', result };
}

// ---- the queue ------------------------------------------------------------------------------

const pending: string[] = [];
const queued = new Set<string>();
/**
 * Studies in flight at once: their PACS round trips (QIDO, SR read, SEG and SR writes) and frame fetches overlap
 * the worker's models. With the int8 models a study's round trips take several times its inference: with four
 * lanes a CPU profile of the worker in the triage bench still found it idle 70 % of the time (bench/README.md,
 * in-browser AI). The worker's own queue stays short all the same (it is the I/O that waits, not the models).
 */
const LANES = 8;
let lanesRunning = 0;
/**
 * Set while the PACS does not answer: no lane takes a study before `retryAt`, so an outage costs
 * one failed request per retry instead of failing the whole queue.
 */
let outage: PacsWait | null = null;

const setPacsWait = (pacsWait: PacsWait | null) => useInference.setState((s) => ({ progress: { ...s.progress, pacsWait } }));

/** Studies that got an outcome: a study whose requests keep failing while others succeed is not an outage. */
let outcomes = 0;
/** Per study: transient failures counted while the PACS answered other studies, and `outcomes` at the last one. */
const unanswered = new Map<string, { count: number; outcomesThen: number }>();
/** After this many, a study the PACS answers nothing for (while it answers others) ends as an error. */
const MAX_UNANSWERED = 3;

/** True when the PACS answered other studies since this one's last failure, this often: the study, not the PACS, is the problem. */
function keepsFailingAlone(uid: string): boolean {
  const last = unanswered.get(uid);
  const count = (last?.count ?? 0) + (last === undefined || outcomes > last.outcomesThen ? 1 : 0);
  unanswered.set(uid, { count, outcomesThen: outcomes });
  return count >= MAX_UNANSWERED;
}

/** The study goes back to the head of the queue, waiting; the queue pauses (longer after each retry that fails too). */
function waitForPacs(uid: string, message: string): void {
  const now = Date.now();
  // Both lanes' studies fail when the PACS goes: one outage, one attempt.
  if (!outage || now >= outage.retryAt) {
    const attempt = (outage?.attempt ?? 0) + 1;
    outage = { attempt, retryAt: now + triageRetryDelayMs(attempt, Math.random()), message };
    setPacsWait(outage);
  }
  setStudyStatus(uid, { phase: 'waiting', message, retryAt: outage.retryAt });
  pending.unshift(uid);
}

/** A study of the queue to its outcome, counted as done; or back to waiting when the PACS did not answer. */
async function triageQueued(uid: string): Promise<void> {
  try {
    setStudyStatus(uid, await analyseStudy(uid, false));
    outcomes++;
    if (outage) setPacsWait((outage = null));
  } catch (error) {
    const transient = classifyTriageFailure(error) === 'transient';
    if (transient && !keepsFailingAlone(uid)) return waitForPacs(uid, errorMessage(error));
    const message = transient
      ? `the PACS did not answer for this study (${MAX_UNANSWERED} tries) while it answered others: ${errorMessage(error)}`
      : errorMessage(error);
    setStudyStatus(uid, { phase: 'failed', message });
  }
  unanswered.delete(uid);
  queued.delete(uid);
  useInference.setState((s) => {
    const done = s.progress.done + 1;
    return { progress: { ...s.progress, done, finishedAt: done >= s.progress.total ? Date.now() : null } };
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function runLane(): Promise<void> {
  while (pending.length > 0) {
    const wait = outage ? outage.retryAt - Date.now() : 0;
    if (wait > 0) {
      await sleep(wait);
      continue; // the other lane may have failed again meanwhile and moved retryAt
    }
    await triageQueued(pending.shift() as string);
  }
}

function drain(): void {
  while (lanesRunning < LANES && pending.length > 0) {
    lanesRunning++;
    void runLane().finally(() => lanesRunning--);
  }
}

/** Adds studies not seen before, in triage order (new arrivals are ordered among what still waits). */
export function enqueueStudies(studies: readonly Study[]): void {
  const known = useInference.getState().studies;
  const fresh = studies.filter((s) => !known[s.studyInstanceUid] && !queued.has(s.studyInstanceUid));
  if (fresh.length === 0) return;
  for (const study of fresh) {
    if (!mayHaveChestImage(study))
      setStudyStatus(study.studyInstanceUid, { phase: 'no-model', reason: `no CR/DX image (study has ${study.modalities.join(', ') || 'no images'})` });
  }
  const candidates = fresh.filter(mayHaveChestImage);
  if (candidates.length === 0) return;
  const byUid = new Map(studies.map((s) => [s.studyInstanceUid, s]));
  for (const study of candidates) {
    queued.add(study.studyInstanceUid);
    setStudyStatus(study.studyInstanceUid, { phase: 'queued' });
  }
  const waiting = [...pending.map((uid) => byUid.get(uid)).filter((s): s is Study => s !== undefined), ...candidates].sort(compareForTriage);
  const unknownWaiting = pending.filter((uid) => !byUid.has(uid));
  pending.splice(0, pending.length, ...waiting.map((s) => s.studyInstanceUid), ...unknownWaiting);
  useInference.setState((s) => ({
    progress: { ...s.progress, total: s.progress.total + candidates.length, startedAt: s.progress.startedAt ?? Date.now(), finishedAt: null },
  }));
  drain();
}

/** The viewer's study goes first; with `recompute`, the models run even if an SR holds the findings. */
export function requestStudy(uid: string, recompute = false): void {
  if (recompute) {
    void analyseStudy(uid, true).then(
      (status) => setStudyStatus(uid, status),
      (error: unknown) => setStudyStatus(uid, { phase: 'failed', message: errorMessage(error) }),
    );
    return;
  }
  const status = useInference.getState().studies[uid];
  // Done or under way: nothing to add; a failure may be retried; a study waiting for the PACS goes first.
  if (status && status.phase !== 'queued' && status.phase !== 'waiting' && status.phase !== 'failed') return;
  const index = pending.indexOf(uid);
  if (index > 0) pending.splice(index, 1);
  if (index !== 0) pending.unshift(uid);
  if (!queued.has(uid)) {
    queued.add(uid);
    useInference.setState((s) => ({
      progress: { ...s.progress, total: s.progress.total + 1, startedAt: s.progress.startedAt ?? Date.now(), finishedAt: null },
    }));
  }
  drain();
}
