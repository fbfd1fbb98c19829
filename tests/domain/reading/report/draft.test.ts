import { describe, expect, it } from 'vitest';
import { confirmedFindings } from '../../../../src/domain/reading/report/draft';
import { type AiResultUnderReview, type Decided, latestDecisions, qaLabel } from '../../../../src/domain/reading/review/decisions';
import { parseRegion } from '../../../../src/domain/reading/review/region-text';
import { source } from '../../dicom/sr/fixtures';

const result: AiResultUnderReview = {
  sr: { ...source, sopInstanceUid: '1.2.3.100' },
  source,
  computedAt: new Date('2026-01-01T10:00:00Z'),
  findings: ['abnormal', 'effusion', 'pneumonia'].map((label, i) => ({
    label,
    probability: 0.9,
    threshold: 0.5,
    positive: true,
    trackingUid: `1.2.3.${i + 1}`,
  })),
  qaFlags: [{ kind: 'rotated' }],
};

const records = (decisions: Decided[]) =>
  latestDecisions(
    decisions.map((decision, i) => ({
      decision,
      reader: {},
      at: new Date(i * 1000),
      sopInstanceUid: `9.${i}`,
      aiResultSopInstanceUid: '1.2.3.100',
      pending: false,
    })),
  );

describe('confirmedFindings', () => {
  it.each([
    ['nothing decided', [], []],
    [
      'accepted and region-edited findings, then added ones; rejected ones and QA flags left out',
      [
        { decision: 'edit', label: 'effusion', trackingUid: '1.2.3.2', region: { kind: 'point', x: 1, y: 1 } },
        { decision: 'reject', label: 'pneumonia', trackingUid: '1.2.3.3' },
        { decision: 'accept', label: 'abnormal', trackingUid: '1.2.3.1' },
        { decision: 'accept', label: qaLabel('rotated'), trackingUid: '9.9' },
        { decision: 'add', label: 'nodule', trackingUid: '1.2.3.50' },
      ],
      ['abnormal', 'effusion', 'nodule'],
    ],
    [
      'a finding accepted then rejected is out; an addition taken back is out',
      [
        { decision: 'accept', label: 'abnormal', trackingUid: '1.2.3.1' },
        { decision: 'add', label: 'nodule', trackingUid: '1.2.3.50' },
        { decision: 'reject', label: 'abnormal', trackingUid: '1.2.3.1' },
        { decision: 'reject', label: 'nodule', trackingUid: '1.2.3.50' },
      ],
      [],
    ],
  ] as const)('%s', (_name, decisions, labels) => {
    const findings = confirmedFindings(result, records([...decisions] as Decided[]));
    expect(findings.map((f) => f.label)).toEqual(labels);
    expect(findings.every((f) => f.text === `${f.label!.charAt(0).toUpperCase()}${f.label!.slice(1)}.`)).toBe(true);
  });
});

describe('parseRegion', () => {
  it.each([
    ['10 20', { kind: 'point', x: 10, y: 20 }],
    ['10, 20, 30.5, 40', { kind: 'box', x: 10, y: 20, width: 30.5, height: 40 }],
    ['10 20 0 40', undefined],
    ['10 20 30', undefined],
    ['a b', undefined],
    ['', undefined],
  ])('%j', (text, region) => expect(parseRegion(text)).toEqual(region));
});
