/** WADO-RS bulk data (one part) through the same-origin proxy; the dicomweb client has no call for it. */
import { boundaryOf, decodeMultipart } from '../../domain/dicom/multipart';

export async function fetchBulkData(uri: string): Promise<Uint8Array> {
  // Orthanc writes BulkDataURIs with the Host it was asked on (the app's origin, via the proxy).
  const path = new URL(uri, window.location.origin);
  const response = await fetch(path.pathname + path.search, { headers: { Accept: 'multipart/related; type="application/octet-stream"' } });
  if (!response.ok) throw new Error(`bulk data ${path.pathname} → HTTP ${response.status}`);
  const boundary = boundaryOf(response.headers.get('content-type') ?? '');
  const body = new Uint8Array(await response.arrayBuffer());
  const [part] = boundary ? decodeMultipart(body, boundary) : [body];
  if (!part) throw new Error(`bulk data ${path.pathname}: empty answer`);
  return part;
}
