/** What the worklist tells the reader when the PACS fails, and how long it waits before retrying. */
import { PacsAuthError, PacsError, PacsResponseError, PacsUnreachableError } from '../../domain/dicom/errors';

export type FaultKind = 'unreachable' | 'auth' | 'server' | 'response' | 'unknown';

export interface PacsFault {
  kind: FaultKind;
  title: string;
  detail: string;
  status?: number;
}

export function describeFault(error: unknown): PacsFault {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof PacsUnreachableError) {
    return { kind: 'unreachable', title: 'PACS unreachable — the list below may be out of date', detail, status: error.status };
  }
  if (error instanceof PacsAuthError) {
    const title = error.status === 401 ? 'Signed out — sign in again to see the worklist' : `Refused by the Dokuei server (HTTP ${error.status})`;
    return { kind: 'auth', title, detail, status: error.status };
  }
  if (error instanceof PacsResponseError) return { kind: 'response', title: 'The PACS sent an answer the worklist cannot read', detail };
  if (error instanceof PacsError) {
    return { kind: 'server', title: `PACS error (HTTP ${error.status ?? '?'}) — the list below may be out of date`, detail, status: error.status };
  }
  return { kind: 'unknown', title: 'Worklist update failed', detail };
}

/** 1 s, 2 s, 4 s, 8 s, then every 10 s: quick recovery after a restart, no hammering during an outage. */
export function retryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 10_000);
}
