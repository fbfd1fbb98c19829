import { describe, expect, it } from 'vitest';
import { frameImageIds, parseWadorsImageId, wadorsImageId } from '../../../src/domain/dicom/imageIds';
import {
  browserDecodeUntrusted,
  EXPLICIT_VR_LITTLE_ENDIAN,
  framesAcceptHeader,
  instanceKeyOfImageId,
  isTransientStatus,
} from '../../../src/domain/dicom/transfer-syntax';

const ref = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' };

describe('WADO-RS imageIds', () => {
  it('builds the frames URL under the wadors scheme', () => {
    expect(wadorsImageId('http://host:1/dicom-web/', { ...ref, frame: 2 })).toBe(
      'wadors:http://host:1/dicom-web/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/2',
    );
  });

  it('lists one imageId per frame, at least one', () => {
    expect(frameImageIds('/dicom-web', ref, 3).map((id) => id.slice(-8))).toEqual(['frames/1', 'frames/2', 'frames/3']);
    expect(frameImageIds('/dicom-web', ref, 0)).toHaveLength(1);
  });

  it('parses back what it built, and nothing else', () => {
    expect(parseWadorsImageId(wadorsImageId('http://h/dicom-web', { ...ref, frame: 7 }))).toEqual({ ...ref, frame: 7 });
    expect(parseWadorsImageId('wadouri:http://h/file.dcm')).toBeNull();
  });

  it('keys transcoding per instance, across frames', () => {
    const [f1, f2] = frameImageIds('/dicom-web', ref, 2);
    expect(instanceKeyOfImageId(f1)).toBe(instanceKeyOfImageId(f2));
  });
});

describe('transfer syntax policy', () => {
  it('asks for a syntax in the multipart Accept header', () => {
    expect(framesAcceptHeader('*')).toBe('multipart/related; type="application/octet-stream"; transfer-syntax=*');
    expect(framesAcceptHeader(EXPLICIT_VR_LITTLE_ENDIAN)).toContain('transfer-syntax=1.2.840.10008.1.2.1');
  });

  it.each([
    ['1.2.840.10008.1.2.4.51', 12, true],
    ['1.2.840.10008.1.2.4.55', 12, true],
    ['1.2.840.10008.1.2.4.51', 8, false],
    ['1.2.840.10008.1.2.4.50', 8, false],
    ['1.2.840.10008.1.2.4.90', 16, false],
    [undefined, 16, false],
  ])('browser decode of %s at %i bits untrusted: %s', (syntax, bits, expected) => {
    expect(browserDecodeUntrusted(syntax, bits)).toBe(expected);
  });

  it.each([
    [502, true],
    [503, true],
    [504, true],
    [500, false],
    [404, false],
    [undefined, false],
  ])('HTTP %s transient: %s', (status, expected) => {
    expect(isTransientStatus(status)).toBe(expected);
  });
});
