import { describe, expect, it } from 'vitest';
import { needsHistogramVoi, rangeToVoi, VOI_PRESETS, voiFromHistogram, voiFromTags, voiToRange } from '../../../src/domain/viewer/voi';

describe('VOI conversions', () => {
  it.each([
    [
      { windowWidth: 400, windowCenter: 40 },
      { lower: -160, upper: 240 },
    ],
    [VOI_PRESETS.lung, { lower: -1350, upper: 150 }],
  ])('%o ↔ %o', (voi, range) => {
    expect(voiToRange(voi)).toEqual(range);
    expect(rangeToVoi(range)).toEqual(voi);
  });

  it('has the three classic CT presets', () => {
    expect(VOI_PRESETS).toEqual({
      lung: { windowWidth: 1500, windowCenter: -600 },
      mediastinum: { windowWidth: 350, windowCenter: 50 },
      bone: { windowWidth: 2000, windowCenter: 300 },
    });
  });
});

describe('voiFromTags', () => {
  it.each([
    [[40, 300], [400, 1500], { windowWidth: 400, windowCenter: 40 }],
    [undefined, [400], null],
    [[40], [], null],
    [[40], [0], null],
    [[40], [-5], null],
  ])('center %o width %o → %o', (c, w, expected) => {
    expect(voiFromTags(c, w)).toEqual(expected);
  });
});

describe('voiFromHistogram', () => {
  it('ignores the outlying 0.5 % at each end (collimator edges, burnt-in markers)', () => {
    const values = new Uint16Array(1000);
    for (let i = 0; i < 1000; i++) values[i] = 1000 + (i % 100);
    values[0] = 0;
    values[1] = 32767;
    const voi = voiFromHistogram(values)!;
    const range = voiToRange(voi);
    expect(range.lower).toBeGreaterThanOrEqual(1000);
    expect(range.upper).toBeLessThanOrEqual(1099);
    expect(voi.windowWidth).toBeGreaterThan(90);
  });

  it('applies the modality rescale', () => {
    const voi = voiFromHistogram(Int16Array.from([0, 10, 20, 30, 40]), { slope: 2, intercept: -1024 }, [0, 100])!;
    expect(voiToRange(voi)).toEqual({ lower: -1024, upper: -944 });
  });

  it('reads a 1955×1841 CR from a subsample and lands within 0.1 % of the exact percentiles', () => {
    const values = new Uint16Array(1955 * 1841);
    let seed = 12345;
    for (let i = 0; i < values.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      values[i] = i % 97 === 0 ? (seed & 1 ? 0 : 32767) : 2000 + ((seed >>> 8) % 20000);
    }
    const sorted = Uint16Array.from(values).sort();
    const exact = (p: number) => sorted[Math.floor((p / 100) * (values.length - 1))];
    const range = voiToRange(voiFromHistogram(values)!);
    expect(Math.abs(range.lower - exact(0.5))).toBeLessThan(0.001 * 32767);
    expect(Math.abs(range.upper - exact(99.5))).toBeLessThan(0.001 * 32767);
  });

  it('keeps a usable width on a flat image and refuses an empty one', () => {
    expect(voiFromHistogram(new Uint8Array(10).fill(7))!.windowWidth).toBe(1);
    expect(voiFromHistogram(new Uint8Array(0))).toBeNull();
  });
});

describe('needsHistogramVoi', () => {
  const tagWindow = { windowWidth: 400, windowCenter: 40 };
  it.each([
    ['CR without VOI tags', 'CR', null, 15, true],
    ['DX without VOI tags', 'DX', null, undefined, true],
    ['CR whose window spans the whole 15-bit range', 'CR', { windowWidth: 30000, windowCenter: 15000 }, 15, true],
    ['CR with a real window', 'CR', tagWindow, 15, false],
    ['CT without VOI tags (Cornerstone uses the HU range)', 'CT', null, 12, false],
    ['unknown modality', undefined, null, 12, false],
  ] as const)('%s → %s', (_, modality, tagVoi, bits, expected) => {
    expect(needsHistogramVoi(modality, tagVoi, bits)).toBe(expected);
  });
});
