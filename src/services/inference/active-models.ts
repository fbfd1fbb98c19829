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
 * The app's int8 variant of a model id. The AI worker runs it only when it was made from the very float
 * build the registry names (its sha256), so an uploaded version runs as uploaded.
 */
const builtInVariant = (id: string): ModelSource['variant'] => MODEL_SOURCES.find((source) => source.id === id)?.variant;

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
  return { key: body.key, sources: body.models.map(({ id, manifestUrl, modelUrl }) => ({ id, manifestUrl, modelUrl, variant: builtInVariant(id) })) };
}
