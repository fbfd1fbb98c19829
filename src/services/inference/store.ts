/** Per-study AI status and results, model loading progress and the background triage progress. */
import { create } from 'zustand';
import type { ModelManifest } from '../../domain/ai/manifest';
import type { LoadPhase, ProviderChoice } from './worker/protocol';
import type { StudyAiStatus } from '../../domain/ai/result/types';

export type ModelLoadState =
  { phase: LoadPhase; loaded: number; total: number } | { phase: 'ready'; compileMs: number } | { phase: 'refused'; message: string };

/** The queue is paused because the PACS did not answer: the `attempt`th retry is at `retryAt` (epoch ms). */
export interface PacsWait {
  attempt: number;
  retryAt: number;
  message: string;
}

export interface TriageProgress {
  /** Studies queued for the models since the worklist opened, and how many have their outcome (result, no model, or a permanent failure). */
  total: number;
  done: number;
  /** Set while the PACS is unreachable: the studies wait (not counted as done) and are tried again. */
  pacsWait: PacsWait | null;
  startedAt: number | null;
  /** When `done` last reached `total`. */
  finishedAt: number | null;
}

export interface InferenceState {
  provider: ProviderChoice | null;
  models: Record<string, ModelLoadState>;
  /** The manifests of the models that loaded; null until the worker is ready. */
  manifests: ModelManifest[] | null;
  studies: Record<string, StudyAiStatus>;
  progress: TriageProgress;
  /** Model runs actually performed in this page (cache and SR hits do not count): tests check "no recompute". */
  inferencesRun: number;
  /** Worker times per run, ms: per model (inference only) and per study (frame fetch, decode, all models). */
  timings: { models: Record<string, number[]>; study: number[] };
}

export const useInference = create<InferenceState>(() => ({
  provider: null,
  models: {},
  manifests: null,
  studies: {},
  progress: { total: 0, done: 0, pacsWait: null, startedAt: null, finishedAt: null },
  inferencesRun: 0,
  timings: { models: {}, study: [] },
}));

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Records one run's timings (kept for the medians the triage bar shows). */
export function recordRun(modelMs: Record<string, number>, studyMs: number): void {
  useInference.setState((s) => {
    const models = { ...s.timings.models };
    for (const [id, ms] of Object.entries(modelMs)) models[id] = [...(models[id] ?? []), ms];
    return { inferencesRun: s.inferencesRun + 1, timings: { models, study: [...s.timings.study, studyMs] } };
  });
}

export function setStudyStatus(uid: string, status: StudyAiStatus): void {
  useInference.setState((s) => ({ studies: { ...s.studies, [uid]: status } }));
}

/** Studies per minute since the queue started; null before the first one finished. */
export function triageRate(progress: TriageProgress, now: number): number | null {
  if (progress.startedAt === null || progress.done === 0) return null;
  const end = progress.finishedAt ?? now;
  const minutes = Math.max(end - progress.startedAt, 1) / 60_000;
  return progress.done / minutes;
}

/** Short text for the worklist's AI column. */
export function aiCellText(status: StudyAiStatus | undefined): string {
  switch (status?.phase) {
    case undefined:
      return '—';
    case 'queued':
      return 'queued';
    case 'running':
      return '…';
    case 'waiting':
      return 'waiting for PACS';
    case 'no-model':
      return 'n/a';
    case 'failed':
      return 'error';
    case 'done': {
      const { result } = status;
      if (result.notApplicable) return 'n/a';
      const positives = result.findings.filter((f) => f.positive).length;
      return positives === 0 ? 'neg' : `${positives} pos`;
    }
  }
}
