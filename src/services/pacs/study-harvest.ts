/**
 * Complete study lists from a QIDO server whose answers are capped per request and unsorted.
 *
 * Pages are fetched with limit/offset until an empty page and deduplicated by StudyInstanceUID.
 * Orthanc answers identical queries in one fixed order (by its internal study id) while its
 * database does not change, so the pages of a quiet archive tile it exactly. An insertion during
 * the walk only repeats a study at a page boundary (removed by the dedupe); a deletion can skip
 * one. Both show on Orthanc's change feed, which the worklist follows: new studies are fetched
 * one by one and a deletion triggers a new walk (see src/services/worklist/live-sync.ts).
 * Stopping at an empty page rather than a short one keeps a server-side cap lower than our limit
 * from ending the walk early; a page with nothing new stops a server that ignores offset.
 *
 * Measured on Orthanc 1.10 + DICOMweb 1.7 with 10,000 studies: QIDO costs ~5–8 ms per study
 * returned plus ~2 s per request for a deep offset; StudyDate range queries scan every study
 * (6–12 s each), so partitioning by date was ~6x slower than paging and is not used. Pages grow
 * (200, 400, … 6,400) so the first studies show at once and a large archive needs few requests.
 * With `concurrency` > 1, after the first page (alone, to show something at once) pages go out in
 * waves of that many equal pages, so a multi-core PACS answers them in parallel. A short page ends
 * its wave: the walk goes on right after it and drops the wave's later pages, whose offsets assumed
 * a full page (a server cap lower than our limit would otherwise leave gaps).
 */
import { type DicomJson, getNumber, getString, getStudyInstanceUID } from '../../domain/dicom/dicom-json';
import type { QidoQuery } from '../../domain/dicom/qido';
import type { RequestOptions } from './client';
import { Tag } from '../../domain/dicom/tags';

export type StudySearch = (query: QidoQuery, opts: RequestOptions) => Promise<DicomJson[]>;

export interface HarvestOptions extends RequestOptions {
  /** Size of the first page; each next page is twice as large, up to maxPageSize. */
  firstPageSize?: number;
  maxPageSize?: number;
  /** Pages in flight at once after the first (default 1: one after another). */
  concurrency?: number;
  /** Each page as it arrives, so a large archive shows its first studies at once. */
  onPage?(page: DicomJson[]): void;
}

/**
 * One dataset per StudyInstanceUID. When a UID repeats (same study under PatientIDs that differ
 * by trailing spaces), the entry with the most instances wins, then the smallest PatientID,
 * so the choice does not depend on the server's order. Datasets without a UID are dropped.
 */
export function dedupeStudies(datasets: readonly DicomJson[]): DicomJson[] {
  const byUID = new Map<string, DicomJson>();
  for (const ds of datasets) {
    const uid = getStudyInstanceUID(ds);
    if (!uid) continue;
    const kept = byUID.get(uid);
    if (!kept || preferStudy(ds, kept)) byUID.set(uid, ds);
  }
  return [...byUID.values()];
}

function preferStudy(candidate: DicomJson, kept: DicomJson): boolean {
  const instances = (ds: DicomJson) => getNumber(ds, Tag.NumberOfStudyRelatedInstances) ?? 0;
  if (instances(candidate) !== instances(kept)) return instances(candidate) > instances(kept);
  return rawPatientID(candidate) < rawPatientID(kept);
}

/** PatientID as sent, trailing spaces included: they are what tells the duplicates apart. */
function rawPatientID(ds: DicomJson): string {
  const value = ds[Tag.PatientID]?.Value?.[0];
  return typeof value === 'string' ? value : getString(ds, Tag.PatientID);
}

/** Every study matching `query` (its own limit/offset are ignored), deduplicated. */
export async function searchAllStudies(search: StudySearch, query: QidoQuery, options: HarvestOptions = {}): Promise<DicomJson[]> {
  const maxPageSize = options.maxPageSize ?? 6400;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  let limit = Math.min(options.firstPageSize ?? 200, maxPageSize);
  let offset = 0;
  let wave = 1;
  const all: DicomJson[] = [];
  const seen = new Set<string>();
  for (;;) {
    const offsets = Array.from({ length: wave }, (_, i) => offset + i * limit);
    const pages = await Promise.all(offsets.map((at) => search({ ...query, limit, offset: at }, { signal: options.signal })));
    for (const page of pages) {
      const uids = page.map(getStudyInstanceUID);
      // Empty, or a server that ignores offset: the walk is complete.
      if (!uids.some((uid) => !seen.has(uid))) return dedupeStudies(all);
      all.push(...page);
      uids.forEach((uid) => seen.add(uid));
      options.onPage?.(page);
      offset += page.length;
      if (page.length < limit) break;
    }
    limit = Math.min(limit * 2, maxPageSize);
    wave = concurrency;
  }
}
