import { MODEL_SOURCES } from './worker/catalog';
import type { ModelSource } from './worker/protocol';

/** The model builds the page should run, and a key that changes whenever they do. */
export interface ActiveModels {
  key: string;
  sources: ModelSource[];
}

/** Without a database the server has no registry (404): the page runs the models built into the app. */
const BUILT_IN: ActiveModels = { key: 'built-in', sources: [...MODEL_SOURCES] };

/**
 * The registry's active versions (GET /api/models/active), asked before each study so that a
 * promotion or rollback reaches an open page at its next analysis. Files come from the server by
 * sha256 and are verified in the worker as ever.
 */
export async function fetchActiveModels(): Promise<ActiveModels> {
  const response = await fetch('/api/models/active', { cache: 'no-store', headers: { 'X-Dokuei-Activity': 'background' } });
  if (response.status === 404) return BUILT_IN;
  if (!response.ok) throw new Error(`the active models could not be read (HTTP ${response.status})`);
  const body = (await response.json()) as { key: string; models: { id: string; manifestUrl: string; modelUrl: string }[] };
  return { key: body.key, sources: body.models.map(({ id, manifestUrl, modelUrl }) => ({ id, manifestUrl, modelUrl })) };
}
