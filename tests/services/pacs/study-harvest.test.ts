import { describe, expect, it } from 'vitest';
import { dedupeStudies, searchAllStudies } from '../../../src/services/pacs/study-harvest';
import { type DicomJson, getString } from '../../../src/domain/dicom/dicom-json';
import type { QidoQuery } from '../../../src/domain/dicom/qido';
import { Tag } from '../../../src/domain/dicom/tags';

function study(uid: string, patientID = 'P', instances = 1): DicomJson {
  return {
    [Tag.StudyInstanceUID]: { vr: 'UI', Value: [uid] },
    [Tag.PatientID]: { vr: 'LO', Value: [patientID] },
    [Tag.NumberOfStudyRelatedInstances]: { vr: 'IS', Value: [instances] },
  };
}

/** A stand-in for Orthanc's internal id: a hash, so the order has nothing to do with the UIDs. */
function orderKey(ds: DicomJson): number {
  let hash = 2166136261;
  for (const char of getString(ds, Tag.StudyInstanceUID)) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

/**
 * An in-memory QIDO server like Orthanc: answers capped by `limit`, unsorted for the client but
 * in one fixed internal order, so limit/offset walks the archive. `beforeEachQuery` lets a test
 * change the archive between pages.
 */
function fakeArchive(studies: DicomJson[], beforeEachQuery: (queryIndex: number) => void = () => {}) {
  const queries: QidoQuery[] = [];
  const search = async (query: QidoQuery): Promise<DicomJson[]> => {
    beforeEachQuery(queries.length);
    queries.push(query);
    const ordered = [...studies].sort((a, b) => orderKey(a) - orderKey(b));
    const offset = query.offset ?? 0;
    return ordered.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  };
  return { search, queries };
}

const archive = (count: number, prefix = '1.2.') => Array.from({ length: count }, (_, i) => study(`${prefix}${i}`));
const uids = (datasets: DicomJson[]) => datasets.map((ds) => getString(ds, Tag.StudyInstanceUID)).sort();

describe('searchAllStudies', () => {
  it.each([
    [0, 1, [0]],
    [49, 2, [0, 49]],
    [50, 2, [0, 50]],
    [51, 3, [0, 50, 51]],
    [1234, 7, [0, 50, 150, 350, 750, 1150, 1234]],
  ])('walks %i studies in %i requests (pages 50, 100, 200, 400 max): every study once', async (count, requests, offsets) => {
    const studies = archive(count);
    const { search, queries } = fakeArchive(studies);
    const pages: number[] = [];
    const found = await searchAllStudies(
      search,
      { match: { ModalitiesInStudy: 'CR' } },
      { firstPageSize: 50, maxPageSize: 400, onPage: (page) => pages.push(page.length) },
    );
    expect(uids(found)).toEqual(uids(studies));
    expect(queries).toHaveLength(requests);
    expect(queries.map((query) => query.offset)).toEqual(offsets);
    expect(queries.map((query) => query.limit)).toEqual([50, 100, 200, 400, 400, 400, 400].slice(0, requests));
    expect(queries.every((query) => query.match?.ModalitiesInStudy === 'CR')).toBe(true);
    expect(pages.reduce((sum, n) => sum + n, 0)).toBe(count);
  });

  it('with concurrency 2: the first page alone, then two equal pages at a time, every study once', async () => {
    const studies = archive(1234);
    const { search, queries } = fakeArchive(studies);
    const found = await searchAllStudies(search, {}, { firstPageSize: 50, maxPageSize: 400, concurrency: 2 });
    expect(uids(found)).toEqual(uids(studies));
    expect(queries.map((query) => [query.offset ?? 0, query.limit])).toEqual([
      [0, 50],
      [50, 100],
      [150, 100],
      [250, 200],
      [450, 200],
      [650, 400],
      [1050, 400],
      [1234, 400],
      [1634, 400],
    ]);
  });

  it.each([1, 2, 3])('walks on past a server cap lower than the limit asked for (concurrency %i)', async (concurrency) => {
    const studies = archive(120);
    const { search } = fakeArchive(studies);
    const capped = (query: QidoQuery) => search({ ...query, limit: Math.min(query.limit ?? 30, 30) });
    const found = await searchAllStudies(capped, {}, { firstPageSize: 100, concurrency });
    expect(uids(found)).toEqual(uids(studies));
    expect(found).toHaveLength(120);
  });

  it.each([
    [1, 3],
    [2, 5],
  ])('stops when the server ignores offset (concurrency %i, %i requests)', async (concurrency, requests) => {
    const studies = archive(70);
    const { search, queries } = fakeArchive(studies);
    const found = await searchAllStudies((query) => search({ ...query, offset: 0 }), {}, { firstPageSize: 50, concurrency });
    expect(found).toHaveLength(70);
    expect(queries).toHaveLength(requests);
  });

  it('loses nothing when studies arrive during the walk (a repeat at a page boundary is deduplicated)', async () => {
    const studies = archive(300);
    const { search } = fakeArchive(studies, (queryIndex) => {
      if (queryIndex > 0) studies.push(...archive(7, `9.${queryIndex}.`));
    });
    const found = await searchAllStudies(search, {}, { firstPageSize: 50 });
    expect(uids(found)).toEqual(expect.arrayContaining(uids(archive(300))));
    expect(new Set(uids(found)).size).toBe(found.length);
  });
});

describe('dedupeStudies', () => {
  it.each<[string, DicomJson[], string[]]>([
    ['distinct UIDs kept', [study('1'), study('2')], ['1:P', '2:P']],
    ['same UID, trailing-space PatientID: most instances wins', [study('1', 'P ', 1), study('1', 'P', 3)], ['1:P']],
    ['same UID, tie: the smaller raw PatientID wins', [study('1', 'P ', 2), study('1', 'P', 2)], ['1:P']],
    ['same UID, tie, reversed input', [study('1', 'P', 2), study('1', 'P ', 2)], ['1:P']],
    ['no UID dropped', [{ [Tag.PatientID]: { vr: 'LO', Value: ['x'] } }], []],
  ])('%s', (_, input, expected) => {
    const rawPatientID = (ds: DicomJson) => JSON.stringify(ds[Tag.PatientID]?.Value?.[0]).replaceAll('"', '');
    expect(dedupeStudies(input).map((ds) => `${getString(ds, Tag.StudyInstanceUID)}:${rawPatientID(ds)}`)).toEqual(expected);
  });
});
