import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { dateShiftDays, imageFileName, MAX_SHIFT_DAYS, pseudonym, shiftDate, splitOf } from '../../tools/export-training/deidentify';
import { pngOf } from '../../tools/export-training/png';
import { loadSalt, SaltError } from '../../tools/export-training/salt';

const SALT = 'a'.repeat(64);
const patients = Array.from({ length: 400 }, (_, i) => `PAT-${i}`);

describe('pseudonyms and file names', () => {
  it('are deterministic for a salt, differ between salts and patients, and hide the input', () => {
    expect(pseudonym(SALT, 'PAT-1')).toBe(pseudonym(SALT, 'PAT-1'));
    expect(pseudonym(SALT, 'PAT-1')).toMatch(/^anon-[0-9a-f]{16}$/);
    expect(pseudonym('b'.repeat(64), 'PAT-1')).not.toBe(pseudonym(SALT, 'PAT-1'));
    expect(new Set(patients.map((p) => pseudonym(SALT, p))).size).toBe(patients.length);
    expect(imageFileName(SALT, '1.2.3.4')).toMatch(/^images\/[0-9a-f]{20}\.png$/);
    expect(imageFileName(SALT, '1.2.3.4')).not.toContain('1.2.3.4');
  });
});

describe('date shift', () => {
  it.each([
    ['20040826', -1, '20040825'],
    ['20240301', -1, '20240229'],
    ['20250101', -365, '20240102'],
    ['2004-08-26', -1, ''],
    ['20250230', -1, ''],
    ['', -5, ''],
  ])('%j shifted by %i → %j', (date, days, shifted) => expect(shiftDate(date, days)).toBe(shifted));

  it('moves every exam of a patient by the same 1..MAX days, so intervals between exams stay', () => {
    for (const patient of patients.slice(0, 50)) {
      const shift = dateShiftDays(SALT, patient);
      expect(shift).toBe(dateShiftDays(SALT, patient));
      expect(shift).toBeLessThanOrEqual(-1);
      expect(shift).toBeGreaterThanOrEqual(-MAX_SHIFT_DAYS);
      const [a, b] = [shiftDate('20250110', shift), shiftDate('20250201', shift)].map((d) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6)));
      expect((b - a) / 86_400_000).toBe(22);
    }
    expect(new Set(patients.map((p) => dateShiftDays(SALT, p))).size).toBeGreaterThan(100);
  });
});

describe('split', () => {
  it('is a function of the pseudonym (patient-disjoint) and cuts about 70/15/15', () => {
    const names = patients.map((p) => pseudonym(SALT, p));
    const byPatient = new Map(names.map((n) => [n, splitOf(n)]));
    for (const n of names) expect(splitOf(n)).toBe(byPatient.get(n));
    const counts = { train: 0, val: 0, test: 0 } as Record<string, number>;
    for (const split of byPatient.values()) counts[split] += 1;
    expect(Object.keys(counts).sort()).toEqual(['test', 'train', 'val']);
    expect(counts.train / names.length).toBeGreaterThan(0.6);
    expect(counts.train / names.length).toBeLessThan(0.8);
    expect(counts.val + counts.test + counts.train).toBe(names.length);
  });
});

describe('salt file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dokuei-salt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created once with mode 0600 and read back unchanged', () => {
    const path = join(dir, 'state', 'export-salt');
    const first = loadSalt(path);
    expect(first.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadSalt(path)).toEqual({ salt: first.salt, created: false });
  });

  it('is refused when others can read it', () => {
    const path = join(dir, 'open-salt');
    writeFileSync(path, SALT, { mode: 0o644 });
    expect(() => loadSalt(path)).toThrow(SaltError);
  });
});

describe('pngOf', () => {
  const gray = (data: number[], invert = false) => ({ width: data.length, height: 1, data: Float32Array.from(data), invert });
  const pixels = (png: Uint8Array) => Array.from(decode(png).data);

  it.each([
    ['8-bit values as stored', gray([0, 17, 255]), 8, [0, 17, 255]],
    ['8-bit MONOCHROME1 inverted', gray([0, 17, 255], true), 8, [255, 238, 0]],
    ['15-bit shifted to 0', gray([1000, 1001, 32767]), 16, [0, 1, 31767]],
    ['15-bit MONOCHROME1 inverted', gray([1000, 32767], true), 16, [31767, 0]],
    ['negative (rescaled CT) shifted to 0', gray([-1024, 0, 3071]), 16, [0, 1024, 4095]],
    ['float values spread over 16 bits', gray([0, 0.5, 1]), 16, [0, 32768, 65535]],
  ])('%s', (_, image, depth, expected) => {
    const png = pngOf(image);
    expect(png.depth).toBe(depth);
    expect(decode(png.bytes).depth).toBe(depth);
    expect(pixels(png.bytes)).toEqual(expected);
  });
});
