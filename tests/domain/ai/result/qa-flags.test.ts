import { describe, expect, it } from 'vitest';
import type { HeadResult } from '../../../../src/domain/ai/postprocess/decisions';
import { qaFlags } from '../../../../src/domain/ai/result/qa-flags';

const oneOf = (head: string, label: string, probability = 0.9): HeadResult => ({
  kind: 'oneof',
  head,
  label,
  probability,
  probabilities: { [label]: probability },
});
const flip = (positive: boolean): HeadResult => ({
  kind: 'multilabel',
  head: 'flip',
  findings: [{ label: 'mirrored', probability: positive ? 0.8 : 0.1, threshold: 0.5, positive }],
});
const upright = [oneOf('projection', 'PA'), oneOf('rotation', '0'), flip(false), oneOf('body_part', 'CHEST')];
const kinds = (heads: HeadResult[], viewPosition: string, bodyPartExamined: string) => qaFlags(heads, { viewPosition, bodyPartExamined }).map((f) => f.kind);

describe('qaFlags', () => {
  it.each([
    ['agreeing tags, upright image', upright, 'PA', 'CHEST', []],
    ['blank tags are not contradicted', [oneOf('projection', 'AP'), oneOf('body_part', 'PELVIS_HIP')], '', '', []],
    ['ViewPosition PA, image looks AP', [oneOf('projection', 'AP')], 'PA', 'CHEST', ['projection-mismatch']],
    ['LL is a lateral', [oneOf('projection', 'LATERAL')], 'LL', 'CHEST', []],
    ['rotated and mirrored', [oneOf('rotation', '90'), flip(true)], 'PA', 'CHEST', ['rotated', 'flipped']],
    ['a lateral is never called mirrored', [oneOf('projection', 'LATERAL'), flip(true)], 'LL', 'CHEST', []],
    ['a frontal film the header calls lateral still is', [oneOf('projection', 'PA'), flip(true)], 'LL', 'CHEST', ['projection-mismatch', 'flipped']],
    ['body part differs', [oneOf('body_part', 'UPPER_LIMB')], 'PA', 'CHEST', ['body-part-mismatch']],
  ] as const)('%s', (_name, heads, view, part, expected) => {
    expect(kinds([...heads], view, part)).toEqual(expected);
  });
});
