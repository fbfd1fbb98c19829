/** The page's handle on one subtraction: a worker of its own, so stopping is terminating. */
import type { SubtractionEvent, SubtractionReply, SubtractionRequest, SubtractionStep } from './protocol';

export interface SubtractionJob {
  result: Promise<SubtractionReply>;
  cancel(): void;
}

export function startSubtraction(request: SubtractionRequest, onStep: (step: SubtractionStep) => void): SubtractionJob {
  const worker = new Worker(new URL('./subtraction.worker.ts', import.meta.url), { type: 'module', name: 'dokuei-subtraction' });
  const result = new Promise<SubtractionReply>((resolve, reject) => {
    worker.onmessage = ({ data: event }: MessageEvent<SubtractionEvent>) => {
      if (event.type === 'progress') return onStep(event.step);
      worker.terminate();
      if (event.type === 'done') resolve(event.reply);
      else reject(new Error(event.message));
    };
    worker.onerror = (error) => {
      worker.terminate();
      reject(new Error(`subtraction worker failed: ${error.message}`));
    };
  });
  worker.postMessage(request);
  return { result, cancel: () => worker.terminate() };
}
