/** The registry's manifest checks: one clear message per problem, with its JSON path. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkUploadManifest } from '../../../server/models/upload-manifest';

const triage = JSON.parse(readFileSync('models/cxr-triage.json', 'utf8')) as Record<string, unknown>;
const input = triage.input as Record<string, unknown>;

const cases: { name: string; manifest: unknown; issues: RegExp[] }[] = [
  { name: 'the committed triage manifest', manifest: triage, issues: [] },
  { name: 'not an object', manifest: [1, 2], issues: [/^\$: expected an object/] },
  { name: 'no id', manifest: { ...triage, id: undefined }, issues: [/^id: expected a non-empty string, got undefined/] },
  { name: 'an id with a path in it', manifest: { ...triage, id: '../cxr' }, issues: [/^id: expected lower-case letters/] },
  { name: 'a version with a slash', manifest: { ...triage, version: '1.0/2' }, issues: [/^version: expected letters, digits/] },
  { name: 'an unknown task', manifest: { ...triage, task: 'tracking' }, issues: [/^task: expected one of classification \| qa \| segmentation \| detection/] },
  { name: 'a detection task without its section', manifest: { ...triage, task: 'detection' }, issues: [/^detection: required when task is "detection"/] },
  { name: 'a short sha256', manifest: { ...triage, sha256: 'abc' }, issues: [/^sha256: expected a string matching/] },
  { name: 'zero bytes', manifest: { ...triage, bytes: 0 }, issues: [/^bytes: expected an integer ≥ 1/] },
  {
    name: 'an input that is not one grey image',
    manifest: { ...triage, input: { ...input, shape: [1, 3, 224, 224] } },
    issues: [/^input.shape: expected \[1, 1, S, S\]/],
  },
  {
    name: 'two problems at once',
    manifest: { ...triage, version: '', heads: 'logits' },
    issues: [/^version: expected a non-empty string/, /^heads: expected an array of ≥ 0 items/, /^heads: a classification or QA model needs at least one head/],
  },
];

describe('checkUploadManifest', () => {
  it.each(cases)('$name', ({ manifest, issues }) => {
    const check = checkUploadManifest(manifest);
    if (issues.length === 0) {
      expect(check).toMatchObject({ ok: true });
      return;
    }
    expect(check.ok).toBe(false);
    const found = check.ok ? [] : check.issues;
    expect(found).toHaveLength(issues.length);
    issues.forEach((pattern, i) => expect(found[i]).toMatch(pattern));
  });
});
