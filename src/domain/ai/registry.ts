/**
 * A model version in the registry, as the server keeps it and the admin page lists it
 * (server/models/README.md). The moves between the states are the server's (server/models/model-states.ts).
 */
export const MODEL_STATES = ['uploaded', 'validating', 'shadow', 'active', 'retired'] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** One version without its manifest (GET /api/admin/models lists these). */
export interface ModelVersionSummary {
  id: number;
  modelId: string;
  version: string;
  state: ModelState;
  sha256: string;
  bytes: number;
  messages: string[];
  uploadedBy: string;
  updatedAt: string;
  activatedAt: string | null;
  /** A shadow version the workers run on arrivals (results kept apart, never on the worklist). */
  shadowRun: boolean;
}
