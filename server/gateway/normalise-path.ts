/**
 * The raw request target (`request.raw.url`, as the client sent it) made safe to match, or refused.
 * Nothing here is lenient on purpose: a browser never sends any of what is refused, and every
 * refusal closes one way of reaching Orthanc's REST API behind the DICOMweb root (traversal,
 * double decoding, path parameters, absolute-form targets). Pure; the allow-list matches the result.
 */

export const MAX_PATH_LENGTH = 2048;
export const MAX_QUERY_LENGTH = 8192;

export interface QueryParam {
  /** Decoded key. */
  key: string;
  /** Decoded value ('' for a bare `?key`). */
  value: string;
  /** False for a bare key without `=`. */
  hasValue: boolean;
}

export interface NormalisedTarget {
  /** Decoded path, ASCII only, starting with '/'. */
  path: string;
  /** The path's segments after the leading '/'. */
  segments: string[];
  query: QueryParam[];
}

export type NormaliseResult = { ok: true; target: NormalisedTarget } | { ok: false; reason: string };

const refuse = (reason: string): NormaliseResult => ({ ok: false, reason });

/** Printable ASCII without space: all a well-formed request target may hold before decoding. */
const RAW_TARGET_CHARS = /^[\x21-\x7e]*$/;
const PERCENT_TRIPLET = /%[0-9A-Fa-f]{2}/g;
// eslint-disable-next-line no-control-regex -- control characters in a path are what this rejects
const CONTROL_CHARS = /[\x00-\x1f\x7f]/;

/** Percent-decodes to bytes; null when a `%` does not start a valid triplet (incl. IIS-style `%u002e`). */
function percentDecodeBytes(text: string): Uint8Array | null {
  if (text.replace(PERCENT_TRIPLET, '').includes('%')) return null;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  return Uint8Array.from(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a query component ('+' is a space); null on bad escapes or invalid/overlong UTF-8. */
function decodeQueryComponent(text: string): string | null {
  const bytes = percentDecodeBytes(text.replace(/\+/g, ' '));
  if (!bytes) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

function normalisePath(rawPath: string): { path: string; segments: string[] } | string {
  if (rawPath.length > MAX_PATH_LENGTH) return `path longer than ${MAX_PATH_LENGTH} characters`;
  if (rawPath.includes('\\')) return 'backslash in path';
  if (rawPath.includes(';')) return 'path parameters (;) are not accepted';
  if (/%2f/i.test(rawPath)) return 'encoded slash in path';
  const bytes = percentDecodeBytes(rawPath);
  if (!bytes) return 'malformed percent-encoding in path';
  // Overlong UTF-8 (%c0%ae) and every other non-ASCII byte stop here, before any text decoding.
  if (bytes.some((byte) => byte > 0x7e)) return 'non-ASCII characters in path';
  if (bytes.some((byte) => byte < 0x20)) return 'control characters in path';
  const path = String.fromCharCode(...bytes);
  // Decoded exactly once: anything still escaped was encoded twice (%252e).
  if (path.includes('%')) return 'double-encoded path';
  if (path.includes('\\')) return 'backslash in path';
  if (path.includes(';')) return 'path parameters (;) are not accepted';
  if (path.includes('//')) return 'empty path segment (//)';
  const segments = path.slice(1).split('/');
  if (segments.some((segment) => segment === '.' || segment === '..')) return 'dot segments in path';
  return { path, segments };
}

function normaliseQuery(rawQuery: string): QueryParam[] | string {
  if (rawQuery.length > MAX_QUERY_LENGTH) return `query longer than ${MAX_QUERY_LENGTH} characters`;
  const params: QueryParam[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = decodeQueryComponent(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? '' : decodeQueryComponent(part.slice(equals + 1));
    if (key === null || value === null) return 'malformed percent-encoding in query';
    if (CONTROL_CHARS.test(key) || CONTROL_CHARS.test(value)) return 'control characters in query';
    // Orthanc honours ?_method= as a method override: refused wherever it appears, however spelt.
    if (key.trim().toLowerCase() === '_method') return 'method override (_method) is not accepted';
    params.push({ key, value, hasValue: equals >= 0 });
  }
  return params;
}

export function normaliseTarget(rawTarget: string): NormaliseResult {
  // Origin-form only: absolute-form (http://…), authority-form and asterisk-form are refused.
  if (!rawTarget.startsWith('/')) return refuse('only origin-form request targets are accepted');
  if (!RAW_TARGET_CHARS.test(rawTarget)) return refuse('control, space or non-ASCII characters in the request target');
  if (rawTarget.includes('#')) return refuse('fragment in the request target');
  const questionMark = rawTarget.indexOf('?');
  const rawPath = questionMark < 0 ? rawTarget : rawTarget.slice(0, questionMark);
  const rawQuery = questionMark < 0 ? '' : rawTarget.slice(questionMark + 1);
  const path = normalisePath(rawPath);
  if (typeof path === 'string') return refuse(path);
  const query = normaliseQuery(rawQuery);
  if (typeof query === 'string') return refuse(query);
  return { ok: true, target: { ...path, query } };
}
