/** The model registry as the admin page uses it (server/models/README.md). */
import type { ModelVersionSummary } from '../../domain/ai/registry';
import type { ValidationRun, ValidationSources } from '../../domain/ai/validation';
import { csrfHeaders } from '../session/session-store';

/** A refusal with the server's message and, for uploads, one line per problem. */
export class RegistryRefusal extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'RegistryRefusal';
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { error?: string; issues?: string[] }) | null;
  if (!response.ok) throw new RegistryRefusal(body?.error ?? `HTTP ${response.status}`, body?.issues ?? []);
  return body as T;
}

export async function fetchModelVersions(): Promise<ModelVersionSummary[]> {
  return (await answer<{ versions: ModelVersionSummary[] }>(await fetch('/api/admin/models', { cache: 'no-store' }))).versions;
}

/** Step one: the manifest as the admin chose it (the server parses and checks it). */
export async function uploadManifest(manifestText: string): Promise<ModelVersionSummary> {
  return answer(await fetch('/api/admin/models', { method: 'POST', headers: { ...csrfHeaders(), 'Content-Type': 'application/json' }, body: manifestText }));
}

/** Step two: the ONNX file for that version. */
export async function uploadModelFile(versionId: number, file: Blob): Promise<ModelVersionSummary> {
  return answer(
    await fetch(`/api/admin/models/${versionId}/file`, {
      method: 'PUT',
      headers: { ...csrfHeaders(), 'Content-Type': 'application/octet-stream' },
      body: file,
    }),
  );
}

export type RegistryAction = 'promote' | 'retire' | 'rollback' | 'shadow/start' | 'shadow/stop';

/** promote/retire/shadow take a version number, rollback a model id. */
export async function decide(action: RegistryAction, ref: number | string): Promise<void> {
  await answer(await fetch(`/api/admin/models/${encodeURIComponent(String(ref))}/${action}`, { method: 'POST', headers: csrfHeaders() }));
}

/** Starts a local validation of a shadow version (a worker runs it). */
export async function startValidation(versionId: number, sources: ValidationSources): Promise<ValidationRun> {
  return answer(
    await fetch(`/api/admin/models/${versionId}/validations`, {
      method: 'POST',
      headers: { ...csrfHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify(sources),
    }),
  );
}

/** A version's validation runs, newest first. */
export async function fetchValidations(versionId: number): Promise<ValidationRun[]> {
  return (await answer<{ validations: ValidationRun[] }>(await fetch(`/api/admin/models/${versionId}/validations`, { cache: 'no-store' }))).validations;
}

export async function fetchValidation(id: number): Promise<ValidationRun> {
  return answer(await fetch(`/api/admin/validations/${id}`, { cache: 'no-store' }));
}

/** Promote the candidate of a finished report, or reject it (retired) with a reason. */
export async function decideOnValidation(id: number, decision: 'promote' | 'reject', reason?: string): Promise<void> {
  await answer(
    await fetch(`/api/admin/validations/${id}/${decision}`, {
      method: 'POST',
      headers: { ...csrfHeaders(), 'Content-Type': 'application/json' },
      body: JSON.stringify(reason === undefined ? {} : { reason }),
    }),
  );
}
