import type { AnalysisResult } from '../../../domain/ai/analyze';
import type { DicomJson } from '../../../domain/dicom/dicom-json';
import { PacsUnreachableError } from '../../../domain/dicom/errors';
import { MODEL_SOURCES } from './catalog';
import type { ModelSource, WorkerEvent } from './protocol';

export interface AnalysisReply {
  result: AnalysisResult;
  /** Frame fetch, decode, preprocessing and every model, inside the worker. */
  totalMs: number;
}

/** The page's handle on the AI worker: one worker, requests matched to replies by id. */
export class AiWorkerClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(reply: AnalysisReply): void; reject(error: Error): void }>();
  private retiring = false;

  constructor(onEvent: (event: WorkerEvent) => void, sources: readonly ModelSource[] = MODEL_SOURCES) {
    this.worker = new Worker(new URL('./ai.worker.ts', import.meta.url), { type: 'module', name: 'dokuei-ai' });
    this.worker.onmessage = (message: MessageEvent<WorkerEvent>) => {
      const event = message.data;
      if (event.type === 'result' || event.type === 'failed') {
        const waiting = this.pending.get(event.requestId);
        this.pending.delete(event.requestId);
        if (event.type === 'result') waiting?.resolve({ result: event.result, totalMs: event.totalMs });
        else waiting?.reject(event.unreachable ? new PacsUnreachableError(event.message) : new Error(event.message));
        if (this.retiring && this.pending.size === 0) this.worker.terminate();
      } else {
        onEvent(event);
      }
    };
    this.worker.onerror = (error) => onEvent({ type: 'crashed', message: `AI worker failed: ${error.message}` });
    this.worker.postMessage({ type: 'init', models: [...sources] });
  }

  analyze(instance: DicomJson, dicomWebRoot: string): Promise<AnalysisReply> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.worker.postMessage({ type: 'analyze', requestId, instance, dicomWebRoot });
    });
  }

  /** Other models are active now: finish what was asked of this worker, then stop it. */
  retire(): void {
    this.retiring = true;
    if (this.pending.size === 0) this.worker.terminate();
  }

  terminate(): void {
    this.worker.terminate();
    for (const waiting of this.pending.values()) waiting.reject(new Error('AI worker stopped'));
    this.pending.clear();
  }
}
