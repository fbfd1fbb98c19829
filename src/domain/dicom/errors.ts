/**
 * Typed PACS failures, so callers (worklist banner, viewer, AI worker) can say what happened
 * without parsing messages. `status` is the HTTP status when there was a response.
 */
export class PacsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** No answer from the PACS: network failure, or the same-origin proxy answering 502/503/504. */
export class PacsUnreachableError extends PacsError {}

/** 401: the reader's session ended (sign in again); 403: the Dokuei server refused the request. */
export class PacsAuthError extends PacsError {}

/** Any other non-2xx answer. */
export class PacsHttpError extends PacsError {}

/** A 2xx answer whose body is not what DICOMweb/Orthanc promise (bad JSON, wrong shape). */
export class PacsResponseError extends PacsError {}

const GATEWAY_STATUSES = new Set([502, 503, 504]);

export function errorForStatus(status: number, url: string, body: string): PacsError {
  const detail = body.replace(/\s+/g, ' ').trim().slice(0, 160);
  const where = `${url} → HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 401) return new PacsAuthError(`Not signed in (${where})`, status);
  if (status === 403) return new PacsAuthError(`Refused by the Dokuei server (${where})`, status);
  if (GATEWAY_STATUSES.has(status)) return new PacsUnreachableError(`PACS unreachable (${where})`, status);
  return new PacsHttpError(`PACS error (${where})`, status);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
