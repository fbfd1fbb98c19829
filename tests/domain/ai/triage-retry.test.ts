import { describe, expect, it } from 'vitest';
import { classifyTriageFailure, triageRetryDelayMs } from '../../../src/domain/ai/triage-retry';
import { errorForStatus, PacsAuthError, PacsHttpError, PacsResponseError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { UnsupportedPixelDataError } from '../../../src/domain/ai/dicom/frame';

describe('classifyTriageFailure', () => {
  it.each([
    ['a network failure', new PacsUnreachableError('PACS unreachable (/dicom-web/studies): Failed to fetch'), 'transient'],
    ['the gateway: Orthanc down (502)', errorForStatus(502, '/dicom-web/studies', '{"error":"PACS unreachable"}'), 'transient'],
    ['the gateway: unavailable (503)', errorForStatus(503, '/dicom-web/studies', ''), 'transient'],
    ['the gateway: Orthanc timed out (504)', errorForStatus(504, '/dicom-web/studies', '{"error":"PACS timed out"}'), 'transient'],
    ['Orthanc refused (400)', errorForStatus(400, '/dicom-web/studies', ''), 'permanent'],
    ['not found (404)', new PacsHttpError('PACS error', 404), 'permanent'],
    ['signed out (401)', new PacsAuthError('Not signed in', 401), 'permanent'],
    ['an unreadable answer', new PacsResponseError('answered with invalid JSON', 200), 'permanent'],
    ['an undecodable image', new UnsupportedPixelDataError('JPEG-LS is not decoded here'), 'permanent'],
    ['a model that did not load', new Error('no AI model could be loaded'), 'permanent'],
    ['a thrown string', 'boom', 'permanent'],
  ] as const)('%s → %s', (_case, error, expected) => {
    expect(classifyTriageFailure(error)).toBe(expected);
  });
});

describe('triageRetryDelayMs', () => {
  it.each([
    // attempt, random → ms (nominal 2 s · 2^(attempt−1), × 0.75…1.25, at most 60 s)
    [1, 0.5, 2_000],
    [2, 0.5, 4_000],
    [3, 0.5, 8_000],
    [4, 0.5, 16_000],
    [5, 0.5, 32_000],
    [6, 0.5, 60_000], // 64 s nominal: capped
    [20, 0.5, 60_000],
    [1, 0, 1_500],
    [1, 0.999, 2_499],
    [3, 0, 6_000],
    [5, 0.999, 39_984],
    [6, 0, 48_000], // jitter still spreads retries at the cap
    [0, 0.5, 2_000], // no attempt below the first
  ])('attempt %i, random %f → %i ms', (attempt, random, expected) => {
    expect(triageRetryDelayMs(attempt, random)).toBe(expected);
  });
});
