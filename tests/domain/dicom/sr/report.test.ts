import { describe, expect, it } from 'vitest';
import { fromPart10, parseDokueiSr, reportSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { reportInput } from './fixtures';

const { source: _source, ...signedContent } = reportInput;

describe('reportSr', () => {
  it('round-trips a signed-off report through Part 10 bytes', () => {
    const bytes = toPart10(reportSr(reportInput));
    const sr = fromPart10(bytes);
    expect(sr).toMatchObject({ CompletionFlag: 'COMPLETE', VerificationFlag: 'VERIFIED', SeriesDescription: 'Dokuei report' });
    const parsed = parseDokueiSr(sr);
    if (parsed.kind !== 'report') throw new Error(`${parsed.kind}: ${JSON.stringify(parsed)}`);
    expect(parsed.content).toEqual(signedContent);
    expect(parsed.document.verification).toEqual(reportInput.signOff);
    expect(parsed.document.completion).toBe('COMPLETE');
  });

  it('writes a draft as PARTIAL and UNVERIFIED without a verifying observer', () => {
    const { signOff: _signOff, comparison: _comparison, recommendation: _recommendation, ...draft } = signedContent;
    const sr = reportSr({ ...draft, source: reportInput.source });
    expect(sr).toMatchObject({ CompletionFlag: 'PARTIAL', VerificationFlag: 'UNVERIFIED' });
    expect(sr.VerifyingObserverSequence).toBeUndefined();
    const parsed = parseDokueiSr(fromPart10(toPart10(sr)));
    expect(parsed.kind === 'report' && parsed.content).toEqual(draft);
  });

  it('rejects a comparison date that is not a DICOM date', () => {
    const comparison = { studyInstanceUid: '1.2.3', studyDate: '2025-06-01' };
    expect(() => reportSr({ ...reportInput, comparison })).toThrow(/YYYYMMDD/);
  });
});
