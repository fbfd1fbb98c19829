import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../src/domain/ai/image';
import { warp } from '../../../src/domain/priors/registration/warp';
import { displayRange, NO_DATA_RGB, refusalText, toRgba, transformText } from '../../../src/domain/priors/subtraction-display';
import { compareFilms, workingPlane } from '../../../src/domain/priors/subtraction-pipeline';
import { cropCentre } from './registration/known-misalignment';
import { loadPlane } from './registration/real-images';

const film = (file: string, invert = false): GrayImage => ({ ...loadPlane(`cxr_nih14_sample/images/${file}.png`), invert });

describe('workingPlane', () => {
  it('box-averages a 1024 px film to 512 px and negates MONOCHROME1', () => {
    const image = film('00000001_000');
    const { plane, factor } = workingPlane(image, 512);
    expect([plane.width, plane.height, factor]).toEqual([512, 512, 2]);
    const mean = (image.data[0] + image.data[1] + image.data[1024] + image.data[1025]) / 4;
    expect(plane.data[0]).toBeCloseTo(mean, 4);
    expect(workingPlane({ ...image, invert: true }, 512).plane.data[0]).toBeCloseTo(-mean, 4);
  });

  it('never upsamples a small film', () => {
    const small = { width: 100, height: 80, data: new Float32Array(8000), invert: false };
    expect(workingPlane(small, 512)).toMatchObject({ factor: 1, plane: { width: 100, height: 80 } });
  });
});

describe('compareFilms: the whole path the worker runs, on a real 1024 px radiograph', () => {
  it('an image against itself: good alignment, identity transform, subtraction near zero', () => {
    const image = film('00000003_000');
    const { outcome } = compareFilms(image, image, 256);
    expect(outcome.kind).toBe('subtracted');
    const { tx, ty, rotationDeg } = outcome.registration.transform;
    expect(Math.hypot(tx, ty)).toBeLessThan(0.5);
    expect(Math.abs(rotationDeg)).toBeLessThan(0.2);
    if (outcome.kind !== 'subtracted') return;
    const maxAbs = outcome.difference.image.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeLessThan(1); // of 255 grey levels
  });

  it('a MONOCHROME1 prior of the same film aligns and subtracts like a MONOCHROME2 one', () => {
    const image = film('00000003_000');
    const inverted = { ...image, data: image.data.map((v) => 255 - v), invert: true };
    expect(compareFilms(image, inverted, 256).outcome.kind).toBe('subtracted');
  });

  it('a prior moved by a known shift and rotation is recovered within 2 source px and 1°', () => {
    // Moved at 1024 px and cropped centrally so neither film shows empty corners; registered at 256 px (factor 4).
    const source = loadPlane('cxr_nih14_sample/images/00000005_000.png');
    const truth = { tx: 24, ty: -16, rotationDeg: 3, scale: 1 };
    const current = { ...cropCentre(warp(source, truth, source), 128), invert: false };
    const prior = { ...cropCentre(source, 128), invert: false };
    const { outcome, current: working } = compareFilms(current, prior, 256);
    const found = outcome.registration.transform;
    expect(working.factor).toBe(3);
    expect(Math.abs(found.tx * working.factor - truth.tx)).toBeLessThan(2);
    expect(Math.abs(found.ty * working.factor - truth.ty)).toBeLessThan(2);
    expect(Math.abs(found.rotationDeg - truth.rotationDeg)).toBeLessThan(1);
    expect(outcome.kind).toBe('subtracted');
  });

  it("another patient's film is refused with the reason and the measured detail similarity", () => {
    const { outcome } = compareFilms(film('00000003_000'), film('00000005_000'), 256);
    expect(outcome.kind).toBe('refused');
    expect(refusalText(outcome.registration)).toMatch(
      /^Alignment too poor for a subtraction: ribs and vessels do not superimpose \(detail similarity -?0\.\d\d, needs 0\.50\)/,
    );
  });
});

describe('display', () => {
  const plane = { width: 4, height: 1, data: Float32Array.from([-2, 0, 2, 50]) };

  it('stretches the range to black–white and paints uncovered pixels in the no-data colour', () => {
    const rgba = toRgba(plane, { min: -2, max: 2 }, Uint8Array.from([1, 1, 1, 0]));
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, ...NO_DATA_RGB, 255]);
  });

  it('windows from the 1st to the 99th percentile of covered pixels only', () => {
    expect(displayRange(plane, Uint8Array.from([1, 1, 1, 0]))).toEqual({ min: -2, max: 0 });
    expect(displayRange({ width: 1, height: 1, data: Float32Array.of(7) })).toEqual({ min: 7, max: 8 });
  });

  it('states the transform in source pixels and has no refusal for a good alignment', () => {
    const registration = {
      transform: { tx: 1.5, ty: -2, rotationDeg: 0.25, scale: 1 },
      similarity: 0.99,
      detailSimilarity: 0.9,
      overlap: 0.97,
      quality: { verdict: 'good' as const },
    };
    expect(transformText(registration, 2)).toBe('shift 3.0, -4.0 px, rotation 0.3°');
    expect(refusalText(registration)).toBeUndefined();
    expect(refusalText({ ...registration, overlap: 0.6, quality: { verdict: 'poor', reason: 'low-overlap' } })).toBe(
      'Alignment too poor for a subtraction: the aligned prior covers 60 % of the current image (needs 80 %).',
    );
  });
});
