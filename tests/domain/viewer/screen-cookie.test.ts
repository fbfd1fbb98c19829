import { describe, expect, it } from 'vitest';
import { screenBound } from '../../../src/domain/viewer/screen-cookie';

/** What the page's inline script writes (tools/vite/viewer-preload-plugin.ts): the numbers as the page prints them. */
const written = (innerWidth: number, innerHeight: number, dpr: number) => `${innerWidth}x${innerHeight}x${dpr}`;

describe('screenBound', () => {
  it("gives the page's own bound, to the last bit, for the screens readers use", () => {
    const dprs = [1, 1.25, 1.5, 2, 0.8999999761581421, 1.100000023841858, 2.625, 3];
    for (const dpr of dprs) {
      for (const [w, h] of [
        [1280, 900],
        [1919, 1057],
        [3840, 2160],
        [800, 601],
      ]) {
        expect(screenBound(written(w, h, dpr))).toEqual({ width: w * dpr, height: h * dpr });
      }
    }
  });

  it('refuses what the page could not have written', () => {
    for (const value of [
      undefined,
      '',
      '1280x900',
      '1280x900x1x1',
      '-1280x900x1',
      '1280x900x1e3',
      '1280 x900x1',
      '0x900x1',
      '99999x900x9',
      '1280x900x1; path=/',
      '1280x900x<script>',
      '1280x900x1\n',
    ]) {
      expect(screenBound(value), String(value)).toBeNull();
    }
  });
});
