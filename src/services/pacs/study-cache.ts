/**
 * One cache of what the app reads about a study, shared by every feature (as OHIF's
 * DicomMetadataStore): the series list (QIDO), the instances' metadata (WADO-RS, whole study or per
 * series), the study's SR datasets, the study's own QIDO record and its patient's studies.
 *
 * - Promise-deduplicated: concurrent readers share one request; a failed request is not kept.
 * - Per-series metadata comes from the whole-study metadata when that is held or on its way, so a
 *   study opened in the viewer costs one metadata request, whoever asks for which series after.
 * - SR datasets are the SR series (Modality SR in the series list) and their metadata.
 * - Invalidation: `stored(uid)` after this browser stored an instance in the study (the new SR or SEG
 *   is a new series: the series list, the whole-study metadata and the SRs are read again, the
 *   other series' metadata stays); `invalidate(uid)` when the study changed elsewhere (the change
 *   feed): everything of the study goes, and the patient's studies of every study of its patient.
 * - Bounded: the least recently used studies beyond `maxStudies` are dropped, except those retained
 *   (`retain(uid)` → release function; the viewer holds its open study and prior).
 * - Events: `subscribe(uid, listener)` hears the study's entries arriving and going.
 */
import { type DicomJson, getString } from '../../domain/dicom/dicom-json';
import { Tag } from '../../domain/dicom/tags';
import { currentStudyQuery, patientStudiesQuery, studySummaryOf } from '../../domain/priors/prior-query';
import type { PacsClient } from './client';

export type StudyCacheClient = Pick<PacsClient, 'searchSeries' | 'retrieveStudyMetadata' | 'retrieveSeriesMetadata' | 'searchStudies'>;

export type StudyEntryKind = 'series' | 'study-metadata' | 'series-metadata' | 'srs' | 'record' | 'patient-studies';

export type StudyCacheEvent =
  | { type: 'loaded'; studyInstanceUid: string; kind: StudyEntryKind; seriesInstanceUid?: string }
  /** `stored`: this browser stored into the study; `changed`: the study changed in the PACS; `evicted`: dropped for room. */
  | { type: 'invalidated'; studyInstanceUid: string; reason: 'stored' | 'changed' | 'evicted' | 'patient-changed' };

export type StudyCacheListener = (event: StudyCacheEvent) => void;

export interface StudyCacheOptions {
  /** Studies kept beyond the retained ones; default 24. */
  maxStudies?: number;
}

interface StudyEntry {
  series?: Promise<DicomJson[]>;
  studyMetadata?: Promise<DicomJson[]>;
  seriesMetadata: Map<string, Promise<DicomJson[]>>;
  srs?: Promise<DicomJson[]>;
  record?: Promise<DicomJson | undefined>;
  patientStudies?: Promise<DicomJson[]>;
  /** PatientID from the record, once known: a change to another study of the patient drops `patientStudies`. */
  patientId?: string;
}

type PromiseSlot = 'series' | 'studyMetadata' | 'srs' | 'record' | 'patientStudies';

const SLOT_KIND: Record<PromiseSlot, StudyEntryKind> = {
  series: 'series',
  studyMetadata: 'study-metadata',
  srs: 'srs',
  record: 'record',
  patientStudies: 'patient-studies',
};

export function createStudyCache(client: StudyCacheClient, options: StudyCacheOptions = {}) {
  const maxStudies = Math.max(1, options.maxStudies ?? 24);
  const entries = new Map<string, StudyEntry>();
  const retained = new Map<string, number>();
  const listeners = new Map<string, Set<StudyCacheListener>>();

  function emit(event: StudyCacheEvent): void {
    for (const listener of [...(listeners.get(event.studyInstanceUid) ?? [])]) {
      try {
        listener(event);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  /** The study's entry, now the most recently used; older unretained studies beyond the bound go. */
  function entryOf(uid: string): StudyEntry {
    let entry = entries.get(uid);
    if (entry) {
      entries.delete(uid);
      entries.set(uid, entry);
      return entry;
    }
    entry = { seriesMetadata: new Map() };
    entries.set(uid, entry);
    evict();
    return entry;
  }

  function evict(): void {
    if (entries.size <= maxStudies) return;
    for (const uid of [...entries.keys()]) {
      if (entries.size <= maxStudies) break;
      if (retained.has(uid)) continue;
      entries.delete(uid);
      emit({ type: 'invalidated', studyInstanceUid: uid, reason: 'evicted' });
    }
  }

  /**
   * The slot's promise, or a new request kept in it. A failure empties the slot (the next reader
   * asks again); a result that arrives after the slot was invalidated is not announced.
   */
  function memo<T extends DicomJson[] | DicomJson | undefined>(uid: string, slot: PromiseSlot, load: () => Promise<T>): Promise<T> {
    const entry = entryOf(uid);
    const held = entry[slot] as Promise<T> | undefined;
    if (held) return held;
    const promise = load();
    (entry as unknown as Record<PromiseSlot, Promise<T> | undefined>)[slot] = promise;
    promise.then(
      () => {
        if (entries.get(uid)?.[slot] === (promise as unknown)) emit({ type: 'loaded', studyInstanceUid: uid, kind: SLOT_KIND[slot] });
      },
      () => {
        const current = entries.get(uid);
        if (current && current[slot] === (promise as unknown)) delete current[slot];
      },
    );
    return promise;
  }

  function seriesOf(uid: string): Promise<DicomJson[]> {
    return memo(uid, 'series', () => client.searchSeries(uid));
  }

  /** Whole-study WADO-RS metadata (raw: palettes are the viewer's business). */
  function studyMetadataOf(uid: string): Promise<DicomJson[]> {
    return memo(uid, 'studyMetadata', () => client.retrieveStudyMetadata(uid));
  }

  /** One series' instances' metadata: from the whole-study metadata when held or under way, else its own request. */
  function seriesMetadataOf(uid: string, seriesUid: string): Promise<DicomJson[]> {
    const entry = entryOf(uid);
    const held = entry.seriesMetadata.get(seriesUid);
    if (held) return held;
    const whole = entry.studyMetadata;
    const fetchOwn = () => client.retrieveSeriesMetadata(uid, seriesUid);
    const promise = whole
      ? whole.then(
          (all) => {
            const mine = all.filter((ds) => getString(ds, Tag.SeriesInstanceUID) === seriesUid);
            return mine.length > 0 ? mine : fetchOwn(); // a series newer than the study's metadata
          },
          () => fetchOwn(),
        )
      : fetchOwn();
    entry.seriesMetadata.set(seriesUid, promise);
    promise.then(
      () => {
        if (entries.get(uid)?.seriesMetadata.get(seriesUid) === promise)
          emit({ type: 'loaded', studyInstanceUid: uid, kind: 'series-metadata', seriesInstanceUid: seriesUid });
      },
      () => {
        const current = entries.get(uid);
        if (current?.seriesMetadata.get(seriesUid) === promise) current.seriesMetadata.delete(seriesUid);
      },
    );
    return promise;
  }

  /** Metadata of the study's series whose Modality is one of `modalities` (upper case), in the series list's order. */
  async function metadataOfModalities(uid: string, modalities: readonly string[]): Promise<DicomJson[]> {
    const series = (await seriesOf(uid)).filter((s) => modalities.includes(getString(s, Tag.Modality).toUpperCase()));
    const metadata = await Promise.all(series.map((s) => seriesMetadataOf(uid, getString(s, Tag.SeriesInstanceUID))));
    return metadata.flat();
  }

  /** Every SR dataset of the study (DICOM JSON), as fetch-study-srs reads them: the SR series' metadata. */
  function srDatasetsOf(uid: string): Promise<DicomJson[]> {
    return memo(uid, 'srs', () => metadataOfModalities(uid, ['SR']));
  }

  /** The study's own QIDO record (with the priors' include fields), or undefined when the PACS does not list it. */
  function studyRecordOf(uid: string): Promise<DicomJson | undefined> {
    return memo(uid, 'record', async () => {
      const [record] = await client.searchStudies(currentStudyQuery(uid));
      const entry = entries.get(uid);
      if (entry && record) entry.patientId = getString(record, Tag.PatientID);
      return record;
    });
  }

  /** Every study of the study's patient (QIDO by PatientID); empty when the study has no PatientID or is not listed. */
  function patientStudiesOf(uid: string): Promise<DicomJson[]> {
    return memo(uid, 'patientStudies', async () => {
      const record = await studyRecordOf(uid);
      const current = record ? studySummaryOf(record) : undefined;
      if (!current || current.patientID === '') return [];
      return client.searchStudies(patientStudiesQuery(current));
    });
  }

  /** This browser stored an instance (SR, SEG) into the study: it is a new series; the rest of the study's metadata holds. */
  function stored(uid: string): void {
    const entry = entries.get(uid);
    if (!entry) return;
    delete entry.series;
    delete entry.studyMetadata;
    delete entry.srs;
    emit({ type: 'invalidated', studyInstanceUid: uid, reason: 'stored' });
  }

  /**
   * The study changed in the PACS (or went): all of it is read again. With its PatientID (as the
   * change feed's QIDO record tells), the patient's studies of its patient's other studies go too.
   */
  function invalidate(uid: string, patientId?: string): void {
    const entry = entries.get(uid);
    const patient = patientId ?? entry?.patientId;
    if (entry) {
      entries.set(uid, { seriesMetadata: new Map() });
      emit({ type: 'invalidated', studyInstanceUid: uid, reason: 'changed' });
    }
    if (!patient) return;
    for (const [other, otherEntry] of entries) {
      if (other === uid || otherEntry.patientId !== patient || !otherEntry.patientStudies) continue;
      delete otherEntry.patientStudies;
      emit({ type: 'invalidated', studyInstanceUid: other, reason: 'patient-changed' });
    }
  }

  /** The series list as held (loaded or on its way), without asking the PACS or touching the LRU order. */
  function heldSeries(uid: string): Promise<DicomJson[]> | undefined {
    return entries.get(uid)?.series;
  }

  /** Keeps the study out of eviction until the returned function is called (once). */
  function retain(uid: string): () => void {
    retained.set(uid, (retained.get(uid) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (retained.get(uid) ?? 1) - 1;
      if (count > 0) retained.set(uid, count);
      else retained.delete(uid);
      evict();
    };
  }

  function subscribe(uid: string, listener: StudyCacheListener): () => void {
    const set = listeners.get(uid) ?? new Set();
    set.add(listener);
    listeners.set(uid, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && listeners.get(uid) === set) listeners.delete(uid);
    };
  }

  return {
    seriesOf,
    studyMetadataOf,
    seriesMetadataOf,
    metadataOfModalities,
    srDatasetsOf,
    studyRecordOf,
    patientStudiesOf,
    heldSeries,
    stored,
    invalidate,
    retain,
    subscribe,
    /** Studies held now, least recently used first (for tests and diagnostics). */
    studies: () => [...entries.keys()],
    clear(): void {
      entries.clear();
    },
  };
}

export type StudyCache = ReturnType<typeof createStudyCache>;

const caches = new WeakMap<object, StudyCache>();

/**
 * The cache of a client: one per client, so the app (one client) has one cache, and a test's fake
 * client starts empty. Every reader of series, metadata, SRs and patient studies goes through this.
 */
export function studyCacheOf(client: Partial<StudyCacheClient>): StudyCache {
  let cache = caches.get(client);
  if (!cache) {
    // A reader handing a client with fewer methods (a test's fake) only uses the entries those serve.
    cache = createStudyCache(client as StudyCacheClient);
    caches.set(client, cache);
  }
  return cache;
}
