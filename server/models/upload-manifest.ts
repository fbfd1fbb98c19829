/**
 * The registry's checks on an uploaded manifest: everything the app's own loader checks
 * (src/domain/ai/manifest.ts, one message per problem with its JSON path) plus what the registry
 * relies on: ids and versions safe to show and to put in URLs.
 */
import { ManifestError, type ModelManifest, validateManifest } from '../../src/domain/ai/manifest';

export const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MODEL_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/;

export type ManifestCheck = { ok: true; manifest: ModelManifest } | { ok: false; issues: string[] };

export function checkUploadManifest(raw: unknown): ManifestCheck {
  const issues: string[] = [];
  try {
    validateManifest(raw, 'upload');
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    issues.push(...error.issues);
  }
  const m = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  // Empty strings are reported by validateManifest already.
  if (m && typeof m.id === 'string' && m.id && !MODEL_ID.test(m.id))
    issues.push(`id: expected lower-case letters, digits and "-" (≤ 64), got ${JSON.stringify(m.id)}`);
  if (m && typeof m.version === 'string' && m.version && !MODEL_VERSION.test(m.version))
    issues.push(`version: expected letters, digits and . + _ - (≤ 64), got ${JSON.stringify(m.version)}`);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, manifest: raw as ModelManifest };
}
