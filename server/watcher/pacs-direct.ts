/**
 * The PACS reached directly with its credentials (tools/lib/pacs-config), as the server-side loops
 * do: a DICOMweb client plus plain Orthanc REST reads (change feed, metadata, study listing).
 */
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';
import { createPacsClient, type PacsClient } from '../../src/services/pacs/client';

/** Where a server-side client reaches the PACS: direct Orthanc, or the Dokuei gateway with a bearer token. */
export interface PacsTransport {
  /** e.g. http://127.0.0.1:8042/dicom-web, or https://dokuei.example/dicom-web */
  dicomWebRoot: string;
  /** Orthanc REST root (change feed, study ids): http://127.0.0.1:8042, or …/pacs through the gateway. */
  orthancRoot: string;
  headers: Record<string, string>;
}

export function directTransport(pacs: PacsConfig): PacsTransport {
  const auth = basicAuthHeader(pacs);
  return { dicomWebRoot: `${pacs.url}/dicom-web`, orthancRoot: pacs.url, headers: auth ? { Authorization: auth } : {} };
}

/** Through the Dokuei server's gateway as a service account (Authorization: Bearer). */
export function gatewayTransport(serverUrl: string, token: string): PacsTransport {
  const root = serverUrl.replace(/\/+$/, '');
  // Non-GET requests must carry one of the server's own origins (CSRF rule for bearer calls too).
  return { dicomWebRoot: `${root}/dicom-web`, orthancRoot: `${root}/pacs`, headers: { Authorization: `Bearer ${token}`, Origin: new URL(root).origin } };
}

export const pacsClientOf = (transport: PacsTransport): PacsClient =>
  createPacsClient({ dicomWebRoot: transport.dicomWebRoot, orthancRoot: transport.orthancRoot, headers: transport.headers });

/** fetch with the transport's headers added (frames are fetched outside PacsClient). */
export const fetchWithHeaders =
  (transport: PacsTransport): typeof fetch =>
  (input, init = {}) =>
    globalThis.fetch(input, { ...init, headers: { ...transport.headers, ...(init.headers as Record<string, string> | undefined) } });

export class OrthancHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GET on Orthanc's REST API; null on 404 (a resource deleted meanwhile). */
export async function orthancGet(transport: PacsTransport, path: string, accept = 'application/json'): Promise<Response | null> {
  const response = await globalThis.fetch(`${transport.orthancRoot}${path}`, {
    headers: { ...transport.headers, Accept: accept },
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new OrthancHttpError(response.status, `Orthanc ${path}: HTTP ${response.status}`);
  return response;
}
