/**
 * Opaque keyset cursor: the sort, the query's time (aging is computed at it, so every page of one
 * listing sees the same order), a fingerprint of the filters and the last row's key values.
 */
import { createHash } from 'node:crypto';

export interface CursorState {
  sort: string;
  dir: 'asc' | 'desc';
  /** Epoch ms the first page was computed at. */
  now: number;
  filters: string;
  keys: string[];
}

export class CursorError extends Error {}

export const filtersFingerprint = (filters: unknown) => createHash('sha256').update(JSON.stringify(filters)).digest('base64url').slice(0, 16);

export const encodeCursor = (state: CursorState) =>
  Buffer.from(JSON.stringify([1, state.sort, state.dir, state.now, state.filters, state.keys])).toString('base64url');

export function decodeCursor(text: string): CursorState {
  try {
    const [version, sort, dir, now, filters, keys] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    const valid =
      version === 1 &&
      typeof sort === 'string' &&
      (dir === 'asc' || dir === 'desc') &&
      typeof now === 'number' &&
      Number.isFinite(now) &&
      typeof filters === 'string' &&
      Array.isArray(keys) &&
      keys.every((k) => typeof k === 'string');
    if (!valid) throw new Error('shape');
    return { sort, dir, now, filters, keys: keys as string[] };
  } catch {
    throw new CursorError('invalid cursor');
  }
}
