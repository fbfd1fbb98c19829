import { describe, expect, it } from 'vitest';
import {
  type AiResultUnderReview,
  type Decided,
  type DecisionRecord,
  decisionsFor,
  latestDecisions,
  qaLabel,
  type ReviewItem,
  reviewItems,
} from '../../../../src/domain/reading/review/decisions';
import { source, uidCounter } from '../../dicom/sr/fixtures';

const result: AiResultUnderReview = {
  sr: { ...source, sopInstanceUid: '1.2.3.100' },
  source,
  computedAt: new Date('2026-01-01T10:00:00Z'),
  findings: [
    { label: 'effusion', probability: 0.8, threshold: 0.5, positive: true, trackingUid: '1.2.3.1', region: { kind: 'point', x: 5, y: 6 } },
    { label: 'pneumonia', probability: 0.2, threshold: 0.5, positive: false, trackingUid: '1.2.3.2' },
  ],
  qaFlags: [{ kind: 'rotated', detail: '90°' }],
};

const record = (decision: Decided, minute: number): DecisionRecord => ({
  decision,
  reader: { Alphabetic: 'R' },
  at: new Date(Date.UTC(2026, 0, 1, 11, minute)),
  sopInstanceUid: `1.2.9.${minute}`,
  aiResultSopInstanceUid: '1.2.3.100',
  pending: false,
});

describe('latestDecisions', () => {
  it('keeps the newest decision per finding, QA flag (by label) and added finding, whatever the order', () => {
    const records = [
      record({ decision: 'reject', label: 'effusion', trackingUid: '1.2.3.1' }, 5),
      record({ decision: 'accept', label: 'effusion', trackingUid: '1.2.3.1' }, 1),
      record({ decision: 'accept', label: qaLabel('rotated'), trackingUid: '1.2.9.77' }, 2),
      record({ decision: 'reject', label: qaLabel('rotated'), trackingUid: '1.2.9.78' }, 3),
      record({ decision: 'add', label: 'nodule', trackingUid: '1.2.3.50' }, 4),
    ];
    const latest = latestDecisions(records);
    expect([...latest].map(([key, r]) => [key, r.decision.decision])).toEqual([
      ['1.2.3.1', 'reject'],
      ['qa-flag:rotated', 'reject'],
      ['1.2.3.50', 'add'],
    ]);
    expect(reviewItems(result, latest).map((item) => [item.kind, item.key])).toEqual([
      ['finding', '1.2.3.1'],
      ['finding', '1.2.3.2'],
      ['qa-flag', 'qa-flag:rotated'],
      ['added', '1.2.3.50'],
    ]);
  });
});

describe('decisionsFor', () => {
  const items = reviewItems(result, new Map());
  const [effusion, , rotated] = items as [ReviewItem, ReviewItem, ReviewItem];
  it.each([
    ['accept a finding', effusion, { type: 'accept' }, [{ decision: 'accept', label: 'effusion', trackingUid: '1.2.3.1' }]],
    ['reject without a reason', effusion, { type: 'reject' }, [{ decision: 'reject', label: 'effusion', trackingUid: '1.2.3.1' }]],
    [
      'reject with a reason',
      effusion,
      { type: 'reject', reason: 'skin fold' },
      [{ decision: 'reject', label: 'effusion', trackingUid: '1.2.3.1', reason: 'skin fold' }],
    ],
    [
      'move the region',
      effusion,
      { type: 'edit-region', region: { kind: 'point', x: 1, y: 1 } },
      [{ decision: 'edit', label: 'effusion', trackingUid: '1.2.3.1', region: { kind: 'point', x: 1, y: 1 } }],
    ],
    [
      'relabel = reject + add (region kept)',
      effusion,
      { type: 'edit-label', label: 'pneumonia' },
      [
        { decision: 'reject', label: 'effusion', trackingUid: '1.2.3.1', reason: 'relabelled as pneumonia' },
        { decision: 'add', label: 'pneumonia', trackingUid: '1.2.826.0.1.3680043.8.498.9.1', region: { kind: 'point', x: 5, y: 6 } },
      ],
    ],
    [
      'accept a QA flag (own tracking UID)',
      rotated,
      { type: 'accept' },
      [{ decision: 'accept', label: 'qa-flag:rotated', trackingUid: '1.2.826.0.1.3680043.8.498.9.1' }],
    ],
    ['add a missed finding', null, { type: 'add', label: 'nodule', trackingUid: '1.2.3.60' }, [{ decision: 'add', label: 'nodule', trackingUid: '1.2.3.60' }]],
  ] as const)('%s', (_name, item, action, expected) => {
    expect(decisionsFor(item, action, uidCounter())).toEqual(expected);
  });

  it('refuses to relabel a QA flag or to act on nothing', () => {
    expect(() => decisionsFor(rotated, { type: 'edit-label', label: 'x' }, uidCounter())).toThrow(/QA flag/);
    expect(() => decisionsFor(null, { type: 'accept' }, uidCounter())).toThrow(/selected item/);
  });
});
