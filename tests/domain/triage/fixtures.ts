import type { TriageFinding, TriageInput } from '../../../src/domain/triage/types';

export const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);

export const minutesAgo = (minutes: number) => NOW - minutes * 60_000;

export function finding(overrides: Partial<TriageFinding> = {}): TriageFinding {
  return { label: 'pneumothorax', probability: 0.91, threshold: 0.62, clinicalClass: 'critical', ...overrides };
}

/** A fresh ROUTINE study the AI read as negative: the baseline each test varies. */
export function study(overrides: Partial<TriageInput> = {}): TriageInput {
  return {
    studyInstanceUid: '1.2.3',
    arrivedAt: NOW,
    requestPriority: 'ROUTINE',
    ai: { status: 'done', findings: [] },
    ...overrides,
  };
}
