/**
 * When the background AI triage tries a study again. A PACS that does not answer (a network
 * failure, or the Dokuei server's gateway answering 502/503/504 because Orthanc is down or slow) is
 * a pause, not the study's fault: the study waits and is tried again with exponential backoff.
 * Anything else (an image no decoder reads, a refused STOW, a model that did not load) is the
 * study's outcome: shown as an error and not retried.
 */
import { PacsUnreachableError } from '../dicom/errors';

export type TriageFailure = 'transient' | 'permanent';

export function classifyTriageFailure(error: unknown): TriageFailure {
  return error instanceof PacsUnreachableError ? 'transient' : 'permanent';
}

export const TRIAGE_RETRY_BASE_MS = 2_000;
export const TRIAGE_RETRY_CAP_MS = 60_000;

/**
 * The wait before retry number `attempt` (1 = the first): 2 s doubling up to 60 s, each drawn
 * between 75 % and 125 % of that (capped at 60 s) so the browsers of a department, which all saw
 * the PACS go down at once, do not knock on it in step when it comes back. `random` is in [0, 1).
 */
export function triageRetryDelayMs(attempt: number, random: number): number {
  const nominal = TRIAGE_RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1);
  return Math.round(Math.min(TRIAGE_RETRY_CAP_MS, nominal * (0.75 + 0.5 * random)));
}
