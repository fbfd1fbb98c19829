import { describe, expect, it } from 'vitest';
import type { GrayPlane } from '../../../../src/domain/priors/registration/plane';
import { GOOD_ALIGNMENT_DETAIL } from '../../../../src/domain/priors/registration/quality';
import { register } from '../../../../src/domain/priors/registration/register';
import type { RigidTransform } from '../../../../src/domain/priors/registration/transform';
import { knownPair } from './known-misalignment';
import { loadLungMask, loadPlane } from './real-images';

const COVID = 'cxr_covid_ieee8023';

// Sources are twice the registered size: 512 px covid films → ~194 px pairs, 1024 px NIH films → ~390 px pairs.
const cases: { name: string; image: string; mask?: string; truth: RigidTransform; allowScale?: boolean }[] = [
  {
    name: 'covid 2168a917, lung mask',
    image: `${COVID}/images/2168a917.png`,
    mask: `${COVID}/masks/2168a917_lung.png`,
    truth: { tx: 12.5, ty: -8, rotationDeg: 4, scale: 1 },
  },
  { name: 'covid c0f74558, whole image', image: `${COVID}/images/c0f74558.png`, truth: { tx: -6.3, ty: 10.7, rotationDeg: -3, scale: 1 } },
  {
    name: 'covid bd10d5e2, lung mask',
    image: `${COVID}/images/bd10d5e2.png`,
    mask: `${COVID}/masks/bd10d5e2_lung.png`,
    truth: { tx: 7.3, ty: 14.2, rotationDeg: -7, scale: 1 },
  },
  { name: 'NIH 00000003_001, whole image', image: 'cxr_nih14_sample/images/00000003_001.png', truth: { tx: 12.5, ty: -8, rotationDeg: 4, scale: 1 } },
  { name: 'NIH 00000005_000, whole image', image: 'cxr_nih14_sample/images/00000005_000.png', truth: { tx: -20.6, ty: 16.1, rotationDeg: -6, scale: 1 } },
  {
    name: 'covid 5f619d7e, lung mask, scaled',
    image: `${COVID}/images/5f619d7e.png`,
    mask: `${COVID}/masks/5f619d7e_lung.png`,
    truth: { tx: -9, ty: -12.4, rotationDeg: -5, scale: 1.05 },
    allowScale: true,
  },
];

describe('register: real radiographs moved by a known transform', () => {
  it.each(cases)('$name → recovered within 2 px and 1°, verdict good', ({ image, mask, truth, allowScale }) => {
    const pair = knownPair(loadPlane(image), truth, 0.12, mask ? loadLungMask(mask) : undefined);
    const result = register(pair.current, pair.prior, { mask: pair.currentMask, allowScale });

    expect(Math.abs(result.transform.tx - truth.tx)).toBeLessThan(2);
    expect(Math.abs(result.transform.ty - truth.ty)).toBeLessThan(2);
    expect(Math.abs(result.transform.rotationDeg - truth.rotationDeg)).toBeLessThan(1);
    expect(Math.abs(result.transform.scale - truth.scale)).toBeLessThan(0.01);
    expect(result.detailSimilarity).toBeGreaterThan(GOOD_ALIGNMENT_DETAIL);
    expect(result.quality).toEqual({ verdict: 'good' });
  });
});

/** Uniform noise in [0, 255) from a fixed-seed LCG: reproducible. */
function noisePlane(width: number, height: number): GrayPlane {
  let state = 12345;
  const data = Float32Array.from({ length: width * height }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 255;
  });
  return { width, height, data };
}

describe('register: verdict on films that cannot be aligned', () => {
  // Measured: plain NCC 0.28, 0.87 and 0.39 — chest films of different people correlate, so NCC cannot judge;
  // the detail (high-pass) similarity stays below 0.1 for all three.
  it.each([
    [`${COVID}/images/2168a917.png`, `${COVID}/images/c0f74558.png`],
    ['cxr_nih14_256/images/00000005_000.png', 'cxr_nih14_256/images/00000011_000.png'],
    [`${COVID}/images/bd10d5e2.png`, `${COVID}/images/a2eba651.png`],
  ])('unrelated patients %s vs %s → poor', (currentFile, priorFile) => {
    const result = register(loadPlane(currentFile), loadPlane(priorFile));
    expect(result.detailSimilarity).toBeLessThan(0.25);
    expect(result.quality).toEqual({ verdict: 'poor', reason: 'misaligned-detail' });
  });

  it('an unrelated pair can have a high plain NCC, which is why the verdict ignores it', () => {
    const result = register(loadPlane('cxr_nih14_256/images/00000005_000.png'), loadPlane('cxr_nih14_256/images/00000011_000.png'));
    expect(result.similarity).toBeGreaterThan(0.8);
    expect(result.quality.verdict).toBe('poor');
  });

  it('a pure-noise prior is refused', () => {
    const current = loadPlane('cxr_nih14_256/images/00000001_000.png');
    const result = register(current, noisePlane(current.width, current.height));
    expect(Math.abs(result.similarity)).toBeLessThan(0.2);
    // The search wanders to whatever overlap scores best on noise, so the reason varies; the refusal does not.
    expect(result.quality.verdict).toBe('poor');
  });

  it('a blank prior is refused as flat (no similarity is defined)', () => {
    const current = loadPlane('cxr_nih14_256/images/00000001_000.png');
    const blank = { width: current.width, height: current.height, data: new Float32Array(current.data.length).fill(80) };
    const result = register(current, blank);
    expect(result.similarity).toBeNaN();
    expect(result.quality).toEqual({ verdict: 'poor', reason: 'flat-image' });
  });
});
