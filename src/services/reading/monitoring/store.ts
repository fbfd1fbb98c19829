import { create } from 'zustand';
import type { PacsClient } from '../../pacs/client';
import { loadAllSrs } from './load';
import { monitoringSummary, type MonitoringSummary } from '../../../domain/reading/monitoring/metrics';

export interface MonitoringState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  progress: { done: number; total: number };
  summary: MonitoringSummary | null;
  error: string | null;
  load(client: PacsClient): Promise<void>;
}

export const useMonitoring = create<MonitoringState>((set) => ({
  phase: 'idle',
  progress: { done: 0, total: 0 },
  summary: null,
  error: null,
  async load(client) {
    set({ phase: 'loading', error: null, progress: { done: 0, total: 0 } });
    try {
      const documents = await loadAllSrs(client, (done, total) => set({ progress: { done, total } }));
      set({ phase: 'ready', summary: monitoringSummary(documents) });
    } catch (error) {
      set({ phase: 'error', error: error instanceof Error ? error.message : String(error) });
    }
  },
}));
