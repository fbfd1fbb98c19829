/**
 * The monitoring page's state. The server computes the figures in SQL (GET /api/monitoring); only when it
 * answers 404 (no database) does the browser read every SR of every study from the PACS and count them itself
 * (and there is no shadow comparison: shadow results live in the database only).
 */
import { create } from 'zustand';
import type { PacsClient } from '../../pacs/client';
import type { ShadowReport } from '../../../domain/reading/monitoring/shadow-report';
import { fetchServerMonitoring, fetchShadowReport } from './api';
import { loadAllSrs } from './load';
import { viewFromServer, viewFromSummary, type MonitoringView } from './view';
import { monitoringSummary } from '../../../domain/reading/monitoring/metrics';

export interface MonitoringState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  /** Studies read so far when the browser walks the PACS (total 0 while the server is asked). */
  progress: { done: number; total: number };
  view: MonitoringView | null;
  /** Shadow versions beside the active ones (server only; null without a database). */
  shadow: ShadowReport | null;
  error: string | null;
  load(client: PacsClient, fetchFn?: typeof fetch): Promise<void>;
}

/** Only the latest load may write its outcome (a Refresh while loading, React's double effect). */
let generation = 0;

export const useMonitoring = create<MonitoringState>((set) => ({
  phase: 'idle',
  progress: { done: 0, total: 0 },
  view: null,
  shadow: null,
  error: null,
  async load(client, fetchFn) {
    const mine = ++generation;
    const current = () => mine === generation;
    set({ phase: 'loading', error: null, progress: { done: 0, total: 0 } });
    try {
      const report = await fetchServerMonitoring(fetchFn);
      if (report) {
        const shadow = await fetchShadowReport(fetchFn);
        if (current()) set({ phase: 'ready', view: viewFromServer(report), shadow });
        return;
      }
      const started = performance.now();
      let studies = 0;
      const documents = await loadAllSrs(client, (done, total) => {
        studies = total;
        if (current()) set({ progress: { done, total } });
      });
      const view = viewFromSummary(monitoringSummary(documents), { studies, ms: performance.now() - started });
      if (current()) set({ phase: 'ready', view });
    } catch (error) {
      if (current()) set({ phase: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
