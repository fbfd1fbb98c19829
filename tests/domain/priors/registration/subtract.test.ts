import { describe, expect, it } from 'vitest';
import { register } from '../../../../src/domain/priors/registration/register';
import { registerAndSubtract, subtract } from '../../../../src/domain/priors/registration/subtract';
import { IDENTITY } from '../../../../src/domain/priors/registration/transform';
import { warp } from '../../../../src/domain/priors/registration/warp';
import { knownPair } from './known-misalignment';
import { loadLungMask, loadPlane } from './real-images';

const COVID = 'cxr_covid_ieee8023';
const film = () => loadPlane('cxr_nih14_256/images/00000001_000.png');
const maxAbs = (data: Float32Array) => data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

function lungPair() {
  const truth = { tx: 12.3, ty: -7.9, rotationDeg: 4, scale: 1 };
  return knownPair(loadPlane(`${COVID}/images/2168a917.png`), truth, 0.12, loadLungMask(`${COVID}/masks/2168a917_lung.png`));
}

/** Mean and 99th percentile of |difference| inside the mask. */
function residual(data: Float32Array, mask: Uint8Array) {
  const values = Array.from(
    data.filter((_, i) => mask[i] === 1),
    Math.abs,
  ).sort((a, b) => a - b);
  return { mean: values.reduce((s, v) => s + v, 0) / values.length, p99: values[Math.floor(0.99 * values.length)] };
}

describe('subtract', () => {
  it('an image minus itself is exactly zero, with a unit display range', () => {
    const image = film();
    const difference = subtract(image, image);
    expect(maxAbs(difference.image.data)).toBe(0);
    expect(difference.range).toEqual({ min: -1, max: 1 });
    expect([difference.gain, difference.offset]).toEqual([1, 0]);
  });

  it('matches a prior taken with another exposure (linear intensity change) before subtracting', () => {
    const image = film();
    const darker = { ...image, data: image.data.map((v) => 0.8 * v + 20) };
    const difference = subtract(image, darker);
    expect(difference.gain).toBeCloseTo(1.25, 4);
    expect(maxAbs(difference.image.data)).toBeLessThan(1e-3);
  });

  it('leaves pixels the aligned prior does not cover at zero and out of the fit', () => {
    const image = film();
    const aligned = warp(image, { tx: 30, ty: 0, rotationDeg: 0, scale: 1 }, image);
    const difference = subtract(image, aligned);
    expect(difference.image.data[100 * image.width + 10]).toBe(0); // column 10 < 30: not covered
    expect(difference.range.max).toBeGreaterThan(1); // the covered part differs: a real range
  });

  it('after registration, the residual of a moved copy is a fraction of the unregistered difference', () => {
    // Bound: mean |d| < 1 and P99 |d| < 4 gray levels (of 255) in the lungs; measured 0.45 and 2.3. Without
    // registration the same measure is 13.5 and 48.6: the residual is interpolation, not misalignment.
    const pair = lungPair();
    const mask = pair.currentMask!;
    const { transform } = register(pair.current, pair.prior, { mask });
    const registered = residual(subtract(pair.current, warp(pair.prior, transform, pair.current), mask).image.data, mask.data);
    const unregistered = residual(subtract(pair.current, warp(pair.prior, IDENTITY, pair.current), mask).image.data, mask.data);
    expect(registered.mean).toBeLessThan(1);
    expect(registered.p99).toBeLessThan(4);
    expect(unregistered.mean).toBeGreaterThan(10 * registered.mean);
  });
});

describe('registerAndSubtract', () => {
  it('subtracts a well-aligned prior', () => {
    const pair = lungPair();
    const outcome = registerAndSubtract(pair.current, pair.prior, { mask: pair.currentMask });
    expect(outcome.kind).toBe('subtracted');
  });

  it.each([
    ['blank', (n: number) => new Float32Array(n).fill(128)],
    ["another patient's film", () => loadPlane('cxr_nih14_256/images/00000011_000.png').data],
  ])('refuses a prior that is %s', (_, priorData) => {
    const current = film();
    const prior = { width: current.width, height: current.height, data: priorData(current.data.length) };
    const outcome = registerAndSubtract(current, prior);
    expect(outcome.kind).toBe('refused');
    expect(outcome.registration.quality.verdict).toBe('poor');
  });
});
