import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { buildDemoInstance } from '../../tools/seed/demo-instance';
import { planStudies } from '../../tools/seed/demo-plan';
import { generateSyntheticStudies } from '../../tools/seed/synthetic';
import { multipartBody } from '../../tools/seed/stow';

const [study] = planStudies('cxr_nih14_sample', [
  {
    file: 'images/00000003_001.png',
    patient_id: 'nih-3',
    follow_up: '1',
    age: '74',
    sex: 'F',
    view_norm: 'AP',
    view: 'AP',
    abnormal: '0',
    orig_width: '2500',
    orig_height: '2048',
    orig_pixel_spacing_mm: '0.168',
    width: '4',
    height: '2',
  },
]);
const pixels = new Uint8Array([0, 1, 2, 3, 252, 253, 254, 255]);
const bytes = buildDemoInstance({ ...study, priority: 'HIGH' }, study.images[0], { width: 4, height: 2, pixels });
const parsed = dicomParser.parseDicom(bytes);

describe('demo instances', () => {
  it('are Part 10 Explicit VR Little Endian DX files', () => {
    expect(parsed.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(parsed.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.1.1');
    expect(parsed.string('x00080060')).toBe('DX');
    expect(parsed.string('x00020003')).toBe(study.images[0].sopInstanceUid);
  });

  it('carry patient, study and request tags', () => {
    expect(parsed.string('x00100010')).toBe('DEMO^NIH-3');
    expect(parsed.string('x00100020')).toBe('nih-3');
    expect(parsed.string('x00101010')).toBe('074Y');
    expect(parsed.string('x00180015')).toBe('CHEST');
    expect(parsed.string('x00185101')).toBe('AP');
    expect(parsed.string('x00401003')).toBe('HIGH');
    const request = parsed.elements.x00400275?.items?.[0]?.dataSet;
    expect(request?.string('x00401003')).toBe('HIGH');
    expect(request?.string('x00401001')).toBe(study.accessionNumber);
    expect(parsed.string('x00181164')).toBe(study.images[0].imagerPixelSpacing?.join('\\'));
  });

  it('hold 8-bit MONOCHROME2 pixels as given', () => {
    expect(parsed.string('x00280004')).toBe('MONOCHROME2');
    expect([parsed.uint16('x00280010'), parsed.uint16('x00280011'), parsed.uint16('x00280100')]).toEqual([2, 4, 8]);
    const element = parsed.elements.x7fe00010;
    expect(Array.from(bytes.subarray(element.dataOffset, element.dataOffset + 8))).toEqual(Array.from(pixels));
  });
});

describe('generateSyntheticStudies', () => {
  it('yields distinct, parseable single-instance studies, the same on every run', () => {
    const first = [...generateSyntheticStudies(3)];
    const again = [...generateSyntheticStudies(3)];
    expect(first.map((item) => item.study.studyInstanceUid)).toEqual(again.map((item) => item.study.studyInstanceUid));
    expect(new Set(first.map((item) => item.study.studyInstanceUid)).size).toBe(3);
    for (const item of first) expect(dicomParser.parseDicom(item.bytes).string('x0020000d')).toBe(item.study.studyInstanceUid);
  });
});

describe('multipartBody', () => {
  it('frames each file as an application/dicom part', () => {
    const body = Buffer.from(multipartBody([new Uint8Array([1, 2]), new Uint8Array([3])], 'B')).toString('latin1');
    expect(body).toBe('--B\r\nContent-Type: application/dicom\r\n\r\n\x01\x02\r\n--B\r\nContent-Type: application/dicom\r\n\r\n\x03\r\n--B--\r\n');
  });
});
