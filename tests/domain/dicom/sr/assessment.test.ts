import { describe, expect, it } from 'vitest';
import { aiResultSr, assessmentSr, fromPart10, parseDokueiSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { aiInput, assessmentInput, source, srReference } from './fixtures';

function aiResultWithTrackingUids() {
  const aiSr = aiResultSr(aiInput);
  const parsed = parseDokueiSr(aiSr);
  if (parsed.kind !== 'ai-result') throw new Error(parsed.kind);
  return { aiSr, trackingUids: parsed.content.findings.map((finding) => finding.trackingUid) };
}

describe('assessmentSr', () => {
  it('round-trips every kind of reader decision through Part 10 bytes', () => {
    const { aiSr, trackingUids } = aiResultWithTrackingUids();
    const input = assessmentInput(srReference(aiSr), trackingUids);
    const parsed = parseDokueiSr(fromPart10(toPart10(assessmentSr(input))));
    if (parsed.kind !== 'assessment') throw new Error(`${parsed.kind}: ${JSON.stringify(parsed)}`);
    const { source: _source, ...content } = input;
    expect(parsed.content).toEqual(content);
  });

  it('keeps the AI finding tracking UIDs and gives an added finding a new one', () => {
    const { aiSr, trackingUids } = aiResultWithTrackingUids();
    const input = assessmentInput(srReference(aiSr), trackingUids);
    const added = { decision: 'add' as const, label: 'effusion' };
    const parsed = parseDokueiSr(assessmentSr({ ...input, decisions: [...input.decisions, added] }));
    if (parsed.kind !== 'assessment') throw new Error(parsed.kind);
    const uids = parsed.content.decisions.map((decision) => decision.trackingUid);
    expect(uids.slice(0, 4)).toEqual(trackingUids);
    expect(uids[5]).toMatch(/^2\.25\.\d+$/);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('references the AI result SR and the image in content and evidence', () => {
    const { aiSr, trackingUids } = aiResultWithTrackingUids();
    const aiRef = srReference(aiSr);
    const sr = assessmentSr(assessmentInput(aiRef, trackingUids));
    const parsed = parseDokueiSr(sr);
    if (parsed.kind !== 'assessment') throw new Error(parsed.kind);
    expect(parsed.content.aiResult).toEqual(aiRef);
    expect(parsed.image.sopInstanceUid).toBe(source.sopInstanceUid);
    expect(parsed.document.evidence.map((ref) => ref.sopInstanceUid)).toEqual([source.sopInstanceUid, aiRef.sopInstanceUid]);
    expect(sr).toMatchObject({ Modality: 'SR', SeriesDescription: 'Dokuei reader assessment', StudyInstanceUID: source.studyInstanceUid });
    expect(new Set([sr.SOPInstanceUID, sr.SeriesInstanceUID, aiRef.sopInstanceUid, aiRef.seriesInstanceUid]).size).toBe(4);
  });

  it('refuses an AI result from another study', () => {
    const { aiSr, trackingUids } = aiResultWithTrackingUids();
    const foreign = { ...srReference(aiSr), studyInstanceUid: '1.2.3.999' };
    expect(() => assessmentSr(assessmentInput(foreign, trackingUids))).toThrow(/not in study/);
  });
});
