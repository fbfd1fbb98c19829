import { describe, expect, it } from 'vitest';
import { MAX_PATH_LENGTH, MAX_QUERY_LENGTH, normaliseTarget } from '../../server/gateway/normalise-path';

const STUDY = '1.2.826.0.1.3680043.8.498.1001';

describe('normaliseTarget refuses', () => {
  it.each([
    ['dot-dot', '/dicom-web/../system'],
    ['dot', '/dicom-web/./studies'],
    ['%2e%2e', '/dicom-web/%2e%2e/system'],
    ['%2E%2E', '/dicom-web/%2E%2E/system'],
    ['mixed .%2e', '/dicom-web/.%2e/system'],
    ['double-encoded %252e', '/dicom-web/%252e%252e/system'],
    ['double-encoded letter', '/dicom-web/%2573tudies'],
    ['overlong UTF-8 %c0%ae', '/dicom-web/%c0%ae%c0%ae/system'],
    ['overlong UTF-8 %e0%80%ae', '/dicom-web/%e0%80%ae%e0%80%ae/system'],
    ['IIS %u002e', '/dicom-web/%u002e%u002e/system'],
    ['..%2f', '/dicom-web/..%2fsystem'],
    ['%2f alone', '/dicom-web/studies%2f1.2'],
    ['raw backslash', '/dicom-web/..\\system'],
    ['%5c', '/dicom-web/..%5csystem'],
    ['//', '//system'],
    ['// inside', '/dicom-web//studies'],
    ['NUL', '/dicom-web/studies/%00'],
    ['encoded newline', '/dicom-web/studies%0a'],
    ['encoded DEL', '/dicom-web/studies%7f'],
    ['raw tab', '/dicom-web/stu\tdies'],
    ['raw space', '/dicom-web/stu dies'],
    ['path parameter', '/dicom-web/studies;jsessionid=1'],
    ['encoded path parameter', '/dicom-web/studies%3bx'],
    ['non-ASCII decoded', '/dicom-web/%e3%81%82'],
    ['raw non-ASCII', '/dicom-web/\u00e9'],
    ['bad escape', '/dicom-web/%zz'],
    ['truncated escape', '/dicom-web/%2'],
    ['absolute-form', 'http://127.0.0.1:8042/system'],
    ['authority-form', '127.0.0.1:8042'],
    ['asterisk-form', '*'],
    ['fragment', '/dicom-web/studies#x'],
    ['overlong path', `/dicom-web/${'a'.repeat(MAX_PATH_LENGTH)}`],
    ['overlong query', `/dicom-web/studies?PatientID=${'a'.repeat(MAX_QUERY_LENGTH)}`],
    ['_method', '/dicom-web/studies?_method=DELETE'],
    ['_METHOD', '/dicom-web/studies?_METHOD=delete'],
    ['%5fmethod', '/dicom-web/studies?%5fmethod=DELETE'],
    ['%5Fmethod bare', '/dicom-web/studies?%5Fmethod'],
    ['control char in value', '/dicom-web/studies?PatientID=a%0d%0aX-Evil:%201'],
    ['NUL in key', '/dicom-web/studies?Patient%00ID=1'],
    ['bad escape in query', '/dicom-web/studies?PatientID=%G1'],
    ['invalid UTF-8 in query', '/dicom-web/studies?PatientName=%c0%ae'],
  ])('%s: %s', (_name, target) => {
    const result = normaliseTarget(target);
    expect(result.ok).toBe(false);
  });
});

describe('normaliseTarget accepts what the app sends', () => {
  it.each([
    ['/dicom-web/studies', '/dicom-web/studies', []],
    [
      '/dicom-web/studies?limit=101&includefield=00081030',
      '/dicom-web/studies',
      [
        ['limit', '101'],
        ['includefield', '00081030'],
      ],
    ],
    [`/dicom-web/studies/${STUDY}/series?Modality=SR`, `/dicom-web/studies/${STUDY}/series`, [['Modality', 'SR']]],
    [
      '/dicom-web/studies?PatientName=Yamada*&StudyDate=20250101-20251231',
      '/dicom-web/studies',
      [
        ['PatientName', 'Yamada*'],
        ['StudyDate', '20250101-20251231'],
      ],
    ],
    ['/dicom-web/studies?PatientName=%E5%B1%B1%E7%94%B0*', '/dicom-web/studies', [['PatientName', '山田*']]],
    ['/dicom-web/studies?PatientName=a+b', '/dicom-web/studies', [['PatientName', 'a b']]],
    ['/pacs/changes?last', '/pacs/changes', [['last', '']]],
    // Percent-encoded unreserved characters decode once, to what they stand for.
    [`/dicom-web/studies/${STUDY.replace(/\./g, '%2E')}/metadata`, `/dicom-web/studies/${STUDY}/metadata`, []],
  ] as const)('%s', (target, path, query) => {
    const result = normaliseTarget(target);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.target.path).toBe(path);
    expect(result.target.query.map((p) => [p.key, p.value])).toEqual(query);
  });
});
