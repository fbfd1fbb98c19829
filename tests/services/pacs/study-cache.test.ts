import { describe, expect, it } from 'vitest';
import { type DicomJson, getString } from '../../../src/domain/dicom/dicom-json';
import type { QidoQuery } from '../../../src/domain/dicom/qido';
import { Tag } from '../../../src/domain/dicom/tags';
import { createStudyCache, type StudyCacheEvent, studyCacheOf } from '../../../src/services/pacs/study-cache';

const attr = (vr: string, value: string) => ({ vr, Value: [value] });
const seriesDs = (uid: string, modality: string): DicomJson => ({ [Tag.SeriesInstanceUID]: attr('UI', uid), [Tag.Modality]: attr('CS', modality) });
const instanceDs = (series: string, sop: string): DicomJson => ({ [Tag.SeriesInstanceUID]: attr('UI', series), [Tag.SOPInstanceUID]: attr('UI', sop) });
const studyDs = (uid: string, patient: string): DicomJson => ({ [Tag.StudyInstanceUID]: attr('UI', uid), [Tag.PatientID]: attr('LO', patient) });

/** A PACS of studies with a CR series and an SR series each; counts every request by kind and study. */
function countingPacs() {
  const calls: string[] = [];
  const series = new Map<string, DicomJson[]>();
  const studies = [studyDs('s1', 'P1'), studyDs('s0', 'P1'), studyDs('s2', 'P2')];
  for (const s of studies) {
    const uid = String(getString(s, Tag.StudyInstanceUID));
    series.set(uid, [seriesDs(`${uid}.cr`, 'CR'), seriesDs(`${uid}.sr`, 'SR')]);
  }
  const metadataOf = (s: string) => [instanceDs(s, `${s}.1`)];
  let gate: Promise<void> = Promise.resolve();
  let failNext = false;
  const answer = async <T>(call: string, value: () => T): Promise<T> => {
    calls.push(call);
    await gate;
    if (failNext) {
      failNext = false;
      throw new Error('PACS down');
    }
    return value();
  };
  const client = {
    searchSeries: (study: string) => answer(`series ${study}`, () => series.get(study) ?? []),
    retrieveStudyMetadata: (study: string) =>
      answer(`metadata ${study}`, () => (series.get(study) ?? []).flatMap((s) => metadataOf(getString(s, Tag.SeriesInstanceUID)))),
    retrieveSeriesMetadata: (study: string, s: string) => answer(`metadata ${study} ${s}`, () => metadataOf(s)),
    searchStudies: (query: QidoQuery = {}) =>
      answer(`studies ${JSON.stringify(query.match)}`, () =>
        studies.filter((s) =>
          Object.entries(query.match ?? {}).every(([key, value]) => getString(s, key === 'PatientID' ? Tag.PatientID : Tag.StudyInstanceUID) === value),
        ),
      ),
  };
  return {
    client,
    calls,
    count: (prefix: string) => calls.filter((c) => c === prefix).length,
    addSeries: (study: string, s: DicomJson) => series.get(study)?.push(s),
    hold: () => {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => open();
    },
    failNext: () => (failNext = true),
  };
}

describe('study cache', () => {
  it('shares one request between concurrent readers and keeps the answer', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    const open = pacs.hold();
    const readers = [cache.seriesOf('s1'), cache.seriesOf('s1'), cache.srDatasetsOf('s1'), cache.srDatasetsOf('s1')];
    open();
    const [a, b, srs] = await Promise.all(readers);
    expect(a).toBe(b);
    expect(srs.map((ds) => getString(ds, Tag.SOPInstanceUID))).toEqual(['s1.sr.1']);
    await cache.seriesOf('s1');
    expect(pacs.calls).toEqual(['series s1', 'metadata s1 s1.sr']);
  });

  it('takes a series metadata from the whole-study metadata when that is held or under way', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    const open = pacs.hold();
    const whole = cache.studyMetadataOf('s1');
    const chest = cache.metadataOfModalities('s1', ['CR', 'DX']);
    const srs = cache.srDatasetsOf('s1');
    open();
    await Promise.all([whole, chest, srs]);
    expect((await chest).map((ds) => getString(ds, Tag.SOPInstanceUID))).toEqual(['s1.cr.1']);
    expect((await srs).map((ds) => getString(ds, Tag.SOPInstanceUID))).toEqual(['s1.sr.1']);
    expect(pacs.calls.sort()).toEqual(['metadata s1', 'series s1']);
  });

  it("asks for the study's record and its patient's studies once, shared by every reader", async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    const [r1, r2, p1, p2] = await Promise.all([
      cache.studyRecordOf('s1'),
      cache.studyRecordOf('s1'),
      cache.patientStudiesOf('s1'),
      cache.patientStudiesOf('s1'),
    ]);
    expect(r1).toBe(r2);
    expect(p1).toBe(p2);
    expect(p1.map((s) => getString(s, Tag.StudyInstanceUID))).toEqual(['s1', 's0']);
    expect(pacs.calls).toEqual(['studies {"StudyInstanceUID":"s1"}', 'studies {"PatientID":"P1"}']);
  });

  it('does not keep a failed request: the next reader asks again', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    pacs.failNext();
    await expect(cache.seriesOf('s1')).rejects.toThrow('PACS down');
    expect(await cache.seriesOf('s1')).toHaveLength(2);
    expect(pacs.count('series s1')).toBe(2);
  });

  it('after this browser stored an SR, reads the series list and the new SR again, not the rest', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    const events: StudyCacheEvent[] = [];
    cache.subscribe('s1', (e) => events.push(e));
    await Promise.all([cache.studyMetadataOf('s1'), cache.srDatasetsOf('s1'), cache.metadataOfModalities('s1', ['CR'])]);
    pacs.addSeries('s1', seriesDs('s1.sr2', 'SR'));
    cache.stored('s1');
    expect(events.at(-1)).toEqual({ type: 'invalidated', studyInstanceUid: 's1', reason: 'stored' });
    const srs = await cache.srDatasetsOf('s1');
    expect(srs.map((ds) => getString(ds, Tag.SOPInstanceUID))).toEqual(['s1.sr.1', 's1.sr2.1']);
    await cache.metadataOfModalities('s1', ['CR']);
    expect(pacs.calls.sort()).toEqual(['metadata s1', 'metadata s1 s1.sr2', 'series s1', 'series s1']);
    expect(events.filter((e) => e.type === 'loaded').map((e) => e.type === 'loaded' && e.kind)).toContain('srs');
  });

  it('on a change in the PACS drops the whole study and the patient studies of its patient', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client);
    await Promise.all([cache.seriesOf('s1'), cache.srDatasetsOf('s1'), cache.patientStudiesOf('s1'), cache.patientStudiesOf('s2')]);
    const events: StudyCacheEvent[] = [];
    cache.subscribe('s1', (e) => events.push(e));
    // A new study of patient P1 arrived: s1's patient studies are stale, s2's (P2) are not.
    cache.invalidate('s3', 'P1');
    expect(events).toEqual([{ type: 'invalidated', studyInstanceUid: 's1', reason: 'patient-changed' }]);
    await Promise.all([cache.patientStudiesOf('s1'), cache.patientStudiesOf('s2'), cache.seriesOf('s1')]);
    expect(pacs.count('studies {"PatientID":"P1"}')).toBe(2);
    expect(pacs.count('studies {"PatientID":"P2"}')).toBe(1);
    expect(pacs.count('series s1')).toBe(1);
    // s1 itself changed: everything of it is read again.
    cache.invalidate('s1');
    await Promise.all([cache.seriesOf('s1'), cache.srDatasetsOf('s1'), cache.studyRecordOf('s1')]);
    expect(pacs.count('series s1')).toBe(2);
    expect(pacs.count('metadata s1 s1.sr')).toBe(2);
    expect(pacs.count('studies {"StudyInstanceUID":"s1"}')).toBe(2);
  });

  it('drops the least recently used studies beyond its bound, never a retained one', async () => {
    const pacs = countingPacs();
    const cache = createStudyCache(pacs.client, { maxStudies: 2 });
    const release = cache.retain('s0');
    await cache.seriesOf('s0');
    await cache.seriesOf('s1');
    await cache.seriesOf('s2'); // s0 is retained: s1 goes
    expect(cache.studies()).toEqual(['s0', 's2']);
    await cache.seriesOf('s1'); // read again; s2 is now the oldest unretained one
    expect(pacs.count('series s1')).toBe(2);
    expect(cache.studies()).toEqual(['s0', 's1']);
    release();
    await cache.seriesOf('s2');
    expect(cache.studies()).toEqual(['s1', 's2']);
    await cache.seriesOf('s1');
    expect(pacs.count('series s1')).toBe(2); // still held
  });

  it('is one cache per client, so all of the app shares it', async () => {
    const pacs = countingPacs();
    expect(studyCacheOf(pacs.client)).toBe(studyCacheOf(pacs.client));
    expect(studyCacheOf(countingPacs().client)).not.toBe(studyCacheOf(pacs.client));
  });
});
