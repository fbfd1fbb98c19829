import { describe, expect, it } from 'vitest';
import { aiResultSr, COMPREHENSIVE_SR, fromPart10, parseDokueiSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { aiInput, source, uidCounter } from './fixtures';
import { toDicomJson } from './dicom-json';

const { source: _source, ...content } = aiInput;
const roundTrip = (dataset: ReturnType<typeof aiResultSr>) => parseDokueiSr(fromPart10(toPart10(dataset)));

describe('aiResultSr', () => {
  it('round-trips through Part 10 bytes to the same content', () => {
    const parsed = roundTrip(aiResultSr(aiInput));
    if (parsed.kind !== 'ai-result') throw new Error(`parsed as ${parsed.kind}: ${JSON.stringify(parsed)}`);
    expect(parsed.content).toEqual({
      ...content,
      findings: content.findings.map((finding) => ({ ...finding, trackingUid: expect.stringMatching(/^2\.25\.\d+$/) })),
    });
    expect(new Set(parsed.content.findings.map((f) => f.trackingUid)).size).toBe(content.findings.length);
  });

  it('references the lung DICOM SEG when one was stored, and reads its UID back', () => {
    const segUid = '1.2.826.0.1.3680043.8.498.77';
    const parsed = roundTrip(aiResultSr({ ...aiInput, lungSegInstanceUid: segUid }));
    if (parsed.kind !== 'ai-result') throw new Error(`parsed as ${parsed.kind}`);
    expect(parsed.content.lungSegInstanceUid).toBe(segUid);
    expect(parsed.content.lungAreas).toEqual(content.lungAreas);
  });

  it('reads the same content from DICOM JSON as from a naturalized dataset', () => {
    const dataset = aiResultSr(aiInput, { newUid: uidCounter() });
    const fromJson = parseDokueiSr(toDicomJson(dataset));
    expect(fromJson.kind).toBe('ai-result');
    expect(fromJson).toEqual(parseDokueiSr(dataset));
  });

  it('writes a new SR series in the source study with patient attributes copied', () => {
    const bytes = toPart10(aiResultSr(aiInput));
    const sr = fromPart10(bytes);
    expect(new TextDecoder().decode(new Uint8Array(bytes, 128, 4))).toBe('DICM');
    expect(sr).toMatchObject({
      SOPClassUID: COMPREHENSIVE_SR,
      Modality: 'SR',
      SeriesDescription: 'Dokuei AI results',
      StudyInstanceUID: source.studyInstanceUid,
      PatientID: source.patientId,
      AccessionNumber: source.accessionNumber,
      SpecificCharacterSet: 'ISO_IR 192',
      CompletionFlag: 'PARTIAL',
      VerificationFlag: 'UNVERIFIED',
    });
    expect(sr.PatientName).toEqual([source.patientName]);
    const uids = [sr.SOPInstanceUID, sr.SeriesInstanceUID, source.seriesInstanceUid, source.sopInstanceUid];
    expect(new Set(uids).size).toBe(4);
  });

  it('references the source image by SOP class and instance in content and evidence', () => {
    const parsed = roundTrip(aiResultSr(aiInput));
    if (parsed.kind !== 'ai-result') throw new Error(parsed.kind);
    const { studyInstanceUid, seriesInstanceUid, sopClassUid, sopInstanceUid } = source;
    const sourceRef = { studyInstanceUid, seriesInstanceUid, sopClassUid, sopInstanceUid };
    expect(parsed.image).toEqual(sourceRef);
    expect(parsed.document.evidence).toEqual([sourceRef]);
  });

  it('references the source image from every region (SCOORD selected from IMAGE)', () => {
    const sr = aiResultSr(aiInput);
    const scoords: Array<Record<string, unknown>> = [];
    const walk = (items: unknown) =>
      (items as Array<Record<string, unknown>> | undefined)?.forEach((item) => {
        if (item.ValueType === 'SCOORD') scoords.push(item);
        walk(item.ContentSequence);
      });
    walk(sr.ContentSequence);
    expect(scoords.map((s) => s.GraphicType)).toEqual(['POINT', 'POLYLINE']);
    for (const scoord of scoords) {
      expect(scoord.ContentSequence).toEqual([
        {
          RelationshipType: 'SELECTED FROM',
          ValueType: 'IMAGE',
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: source.sopClassUid, ReferencedSOPInstanceUID: source.sopInstanceUid }],
        },
      ]);
    }
  });

  it('refuses a probability that is not a finite number', () => {
    const findings = [{ ...content.findings[0], probability: Number.NaN }];
    expect(() => aiResultSr({ ...aiInput, findings })).toThrow(/Probability is not a finite number/);
  });

  it('keeps the not-applicable (out of distribution) state with no findings', () => {
    const ood = { ...content, findings: [], qaFlags: [], lungAreas: [], ood: { score: 300, threshold: 123.4, outOfDistribution: true } };
    const parsed = roundTrip(aiResultSr({ ...ood, source }));
    expect(parsed.kind === 'ai-result' && parsed.content).toEqual(ood);
  });

  it('omits the OOD state when none was computed', () => {
    const { ood: _ood, ...withoutOod } = content;
    const parsed = roundTrip(aiResultSr({ ...withoutOod, source }));
    expect(parsed.kind === 'ai-result' && parsed.content).toEqual({
      ...withoutOod,
      findings: withoutOod.findings.map((f) => ({ ...f, trackingUid: expect.any(String) })),
    });
  });
});
