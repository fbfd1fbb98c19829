/// <reference lib="webworker" />
/** Fetches both chest frames from the PACS and registers / subtracts them off the main thread. */
import { fetchGrayFrame } from '../../inference/pixels/fetch-frame';
import { compareFilms } from '../../../domain/priors/subtraction-pipeline';
import type { SubtractionEvent, SubtractionReply, SubtractionRequest } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (event: SubtractionEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer);

self.onmessage = async ({ data: request }: MessageEvent<SubtractionRequest>) => {
  try {
    post({ type: 'progress', step: 'fetching current' });
    const current = await fetchGrayFrame({ dicomWebRoot: request.dicomWebRoot, instance: request.current });
    post({ type: 'progress', step: 'fetching prior' });
    const prior = await fetchGrayFrame({ dicomWebRoot: request.dicomWebRoot, instance: request.prior });
    post({ type: 'progress', step: 'registering' });
    const { current: working, outcome } = compareFilms(current, prior);
    const reply: SubtractionReply = {
      current: working.plane,
      factor: working.factor,
      aligned: outcome.aligned,
      registration: outcome.registration,
      ...(outcome.kind === 'subtracted' && { difference: outcome.difference }),
    };
    const buffers = [
      reply.current.data.buffer,
      reply.aligned.data.buffer,
      reply.aligned.covered.buffer,
      ...(reply.difference ? [reply.difference.image.data.buffer] : []),
    ];
    post({ type: 'done', reply }, buffers);
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
