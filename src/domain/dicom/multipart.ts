/** multipart/related encoding (STOW-RS request) and decoding (WADO-RS frames), byte-exact. */

const encoder = new TextEncoder();
const CRLF = '\r\n';

export interface MultipartBody {
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
}

/** getRandomValues, unlike randomUUID, exists outside secure contexts (plain-http hospital hosts). */
export function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dokuei-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Concatenates parts of one content type under a boundary that cannot occur in DICOM preambles. */
export function encodeMultipartRelated(parts: readonly Uint8Array[], partType: string, boundary: string = randomBoundary()): MultipartBody {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encoder.encode(`--${boundary}${CRLF}Content-Type: ${partType}${CRLF}${CRLF}`), part, encoder.encode(CRLF));
  }
  chunks.push(encoder.encode(`--${boundary}--${CRLF}`));
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { contentType: `multipart/related; type="${partType}"; boundary=${boundary}`, body };
}

/** The boundary parameter of a multipart Content-Type header, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = haystack.length - needle.length;
  // The native TypedArray#indexOf finds candidates: a byte loop took 3.5 ms per SR + SEG STOW (server CPU profile).
  for (let i = haystack.indexOf(first, from); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/**
 * Splits a multipart body into part payloads (headers dropped). Views share the input buffer.
 * Throws on a body without the boundary, so a truncated response is not mistaken for no frames.
 */
export function decodeMultipart(body: Uint8Array, boundary: string): Uint8Array[] {
  const delimiter = encoder.encode(`--${boundary}`);
  const headerEnd = encoder.encode(`${CRLF}${CRLF}`);
  const parts: Uint8Array[] = [];
  let start = indexOf(body, delimiter, 0);
  if (start < 0) throw new Error(`multipart body has no boundary "${boundary}"`);
  for (;;) {
    const afterDelimiter = start + delimiter.length;
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) return parts; // "--": close
    const headersEnd = indexOf(body, headerEnd, afterDelimiter);
    const next = indexOf(body, delimiter, afterDelimiter);
    if (headersEnd < 0 || next < 0 || headersEnd > next) throw new Error('multipart body is truncated');
    const payloadStart = headersEnd + headerEnd.length;
    // The CRLF before the next delimiter belongs to the delimiter, not the payload.
    const payloadEnd = body[next - 2] === 0x0d && body[next - 1] === 0x0a ? next - 2 : next;
    parts.push(body.subarray(payloadStart, Math.max(payloadStart, payloadEnd)));
    start = next;
  }
}
