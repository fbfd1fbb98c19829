import type { StudyAiResult } from '../../domain/ai/result/types';
import { idbStore } from '../storage/idb';

/** Results (heatmaps and mask included) by SOPInstanceUID + model builds, in this browser's IndexedDB. */
const store = idbStore('dokuei-ai', 'results');

const cacheKey = (sopInstanceUid: string, modelKey: string) => `${sopInstanceUid}|${modelKey}`;

export async function cachedResult(sopInstanceUid: string, modelKey: string): Promise<StudyAiResult | null> {
  const found = await store?.run<StudyAiResult | undefined>('readonly', (s) => s.get(cacheKey(sopInstanceUid, modelKey)));
  return found ? { ...found, origin: 'cache' } : null;
}

export async function cacheResult(result: StudyAiResult): Promise<void> {
  await store?.run('readwrite', (s) => s.put(result, cacheKey(result.sopInstanceUid, result.modelKey)));
}
