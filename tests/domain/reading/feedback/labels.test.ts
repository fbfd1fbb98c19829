import { describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../../../src/domain/reading/review/decisions';
import { qaLabel } from '../../../../src/domain/reading/review/decisions';
import { imageLabels, type JudgedResult, readerRole } from '../../../../src/domain/reading/feedback/labels';
import type { ReaderDecision } from '../../../../src/domain/dicom/sr';

const AI = '1.2.3.100';
const result: JudgedResult = {
  sopInstanceUid: AI,
  model: 'cxr-triage@1.0.0',
  findings: [
    { label: 'abnormal', probability: 0.81, threshold: 0.42, positive: true, trackingUid: 't-abnormal', region: { kind: 'point', x: 5, y: 6 } },
    {
      label: 'effusion',
      probability: 0.61,
      threshold: 0.35,
      positive: true,
      trackingUid: 't-effusion',
      region: { kind: 'box', x: 10, y: 20, width: 30, height: 40 },
    },
    { label: 'pneumonia', probability: 0.07, threshold: 0.3, positive: false, trackingUid: 't-pneumonia' },
  ],
};
const reader = { Alphabetic: 'Suzuki^Hanako' };
const other = { Alphabetic: 'Tanaka^Ken' };

const record = (decision: ReaderDecision & { trackingUid: string }, minute: number, who = reader): DecisionRecord => ({
  decision,
  reader: who,
  at: new Date(Date.UTC(2026, 0, 1, 10, minute)),
  sopInstanceUid: `1.2.3.${minute}`,
  aiResultSopInstanceUid: AI,
  pending: false,
});

const box = { kind: 'box', x: 12, y: 22, width: 28, height: 41 } as const;

describe('imageLabels: one decision → one label', () => {
  const fromAi = (label: string, probability: number) => ({ label, model: 'cxr-triage@1.0.0', aiProbability: probability });
  it.each([
    [
      'accepted AI positive: its box',
      record({ decision: 'accept', label: 'effusion', trackingUid: 't-effusion' }, 1),
      { ...fromAi('effusion', 0.61), value: 1, decision: 'accept', box: result.findings[1].region },
    ],
    [
      'accepted AI negative: present (as the report draft reads it)',
      record({ decision: 'accept', label: 'pneumonia', trackingUid: 't-pneumonia' }, 1),
      { ...fromAi('pneumonia', 0.07), value: 1, decision: 'accept' },
    ],
    [
      'rejected AI positive: no box',
      record({ decision: 'reject', label: 'effusion', trackingUid: 't-effusion', reason: 'artefact' }, 1),
      { ...fromAi('effusion', 0.61), value: 0, decision: 'reject' },
    ],
    [
      "edited region: the reader's box",
      record({ decision: 'edit', label: 'effusion', trackingUid: 't-effusion', region: box }, 1),
      { ...fromAi('effusion', 0.61), value: 1, decision: 'edit', box },
    ],
    [
      'reader-added: no AI provenance',
      record({ decision: 'add', label: 'pneumothorax', trackingUid: 't-new', region: box }, 1),
      { label: 'pneumothorax', value: 1, decision: 'add', box },
    ],
    [
      'accepted point region: no box',
      record({ decision: 'accept', label: 'abnormal', trackingUid: 't-abnormal' }, 1),
      { ...fromAi('abnormal', 0.81), value: 1, decision: 'accept' },
    ],
  ])('%s', (_, input, expected) => {
    const { labels } = imageLabels([result], [input]);
    expect(labels).toHaveLength(1);
    const { at, role, ...rest } = labels[0];
    expect(rest).toStrictEqual(expected);
    expect([at, role]).toEqual([input.at, 'reader']);
  });
});

describe('imageLabels: several decisions', () => {
  it('keeps the newest decision per item, then the newest per label', () => {
    const { labels, decisions } = imageLabels(
      [result],
      [
        record({ decision: 'reject', label: 'effusion', trackingUid: 't-effusion' }, 5),
        record({ decision: 'accept', label: 'effusion', trackingUid: 't-effusion' }, 1),
        // Relabelled: pneumonia rejected, then added with a region, in the same SR.
        record({ decision: 'reject', label: 'pneumonia', trackingUid: 't-pneumonia', reason: 'relabelled as pneumothorax' }, 3),
        record({ decision: 'add', label: 'pneumonia', trackingUid: 't-added', region: box }, 3),
      ],
    );
    expect(labels.map((l) => [l.label, l.value, l.decision])).toEqual([
      ['effusion', 0, 'reject'],
      ['pneumonia', 1, 'add'],
    ]);
    expect(decisions).toEqual({ accept: 0, reject: 2, edit: 0, add: 1 });
  });

  it('counts QA flags as decisions and lists the accepted ones, never as finding labels', () => {
    const out = imageLabels(
      [result],
      [
        record({ decision: 'accept', label: qaLabel('rotated'), trackingUid: 'q1' }, 1),
        record({ decision: 'reject', label: qaLabel('flipped'), trackingUid: 'q2' }, 2),
      ],
    );
    expect(out.labels).toEqual([]);
    expect(out.qaConfirmed).toEqual(['rotated']);
    expect(out.decisions).toEqual({ accept: 1, reject: 1, edit: 0, add: 0 });
  });

  it('ignores decisions about an AI result it was not given for provenance, but keeps the label', () => {
    const foreign = { ...record({ decision: 'accept', label: 'effusion', trackingUid: 't-effusion' }, 1), aiResultSopInstanceUid: '9.9' };
    const [label] = imageLabels([result], [foreign]).labels;
    expect([label.label, label.value, 'model' in label, 'aiProbability' in label]).toEqual(['effusion', 1, false, false]);
  });
});

describe('readerRole', () => {
  it.each([
    ['signed the report', reader, [reader], 'signing-radiologist'],
    ['someone else signed', reader, [other], 'reader'],
    ['no report', reader, [], 'reader'],
    ['nameless reader never matches a nameless signer', {}, [{}], 'reader'],
  ] as const)('%s', (_, who, signers, role) => {
    expect(readerRole(who, signers)).toBe(role);
  });
});
