import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkValidationFolder } from '../../../server/validation/validation-folder';

const base = mkdtempSync(join(tmpdir(), 'dokuei-validation-root-'));
const root = join(base, 'root');
const set = join(root, 'site-set');
const outside = join(base, 'outside');
mkdirSync(set, { recursive: true });
mkdirSync(join(root, 'no-labels'));
mkdirSync(outside);
writeFileSync(join(set, 'labels.csv'), 'file,abnormal\n');
writeFileSync(join(outside, 'labels.csv'), 'file,abnormal\n');
symlinkSync(outside, join(root, 'link-out'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('checkValidationFolder', () => {
  it('accepts a labels.csv folder under the root, named relative to it or absolutely', () => {
    expect(checkValidationFolder(root, 'site-set')).toBe(set);
    expect(checkValidationFolder(root, set)).toBe(set);
  });

  it.each([
    ['no root configured', null, 'site-set', /no validation root is configured/],
    ['a path outside the root', root, outside, /is not under the validation root/],
    ['a way out with ..', root, '../outside', /is not under the validation root/],
    ['a symbolic link leading out', root, 'link-out', /is not under the validation root/],
    ['the root itself', root, '.', /is not under the validation root/],
    ['a folder without labels.csv', root, 'no-labels', /has no labels.csv/],
    ['a folder that does not exist', root, 'nothing-here', /no such folder/],
  ])('refuses %s', (_, r, folder, message) => {
    expect(() => checkValidationFolder(r, folder)).toThrow(message);
  });
});
