/** Turns whatever a loader or codec rejected with into one readable sentence. Pure. */
export function describeLoadError(error: unknown): string {
  if (typeof error === 'string' && error.trim()) return error.trim();
  // Emscripten codecs (OpenJPEG, CharLS, libjpeg-turbo) throw raw exception pointers.
  if (typeof error === 'number') return 'the codec rejected the compressed pixel data';
  if (error instanceof Error && error.message) return error.message;
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; message?: unknown; error?: unknown };
    if (typeof e.status === 'number' && e.status > 0) return `the PACS answered HTTP ${e.status}`;
    if (typeof e.message === 'string' && e.message) return e.message;
    if (e.error !== undefined && e.error !== error) return describeLoadError(e.error);
  }
  return 'cannot load or decode this image';
}
