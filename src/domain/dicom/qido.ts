/** QIDO-RS query shape and its URL parameters (pure). */
export interface QidoQuery {
  /** Attribute matching, keyword or tag → DICOM match value (wildcards *, ?, ranges "A-B"). */
  match?: Record<string, string>;
  /** Extra attributes to return, as keywords or tags; 'all' for every available one. */
  includefield?: readonly string[] | 'all';
  fuzzymatching?: boolean;
  limit?: number;
  offset?: number;
}

export function qidoSearchParams(query: QidoQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query.match ?? {})) {
    if (value !== '') params.append(key, value);
  }
  if (query.includefield === 'all') params.append('includefield', 'all');
  else for (const field of query.includefield ?? []) params.append('includefield', field);
  if (query.fuzzymatching) params.append('fuzzymatching', 'true');
  if (query.limit !== undefined) params.append('limit', String(query.limit));
  if (query.offset) params.append('offset', String(query.offset));
  return params;
}
