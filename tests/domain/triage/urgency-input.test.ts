import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/domain/ai/manifest';
import { median } from '../../../src/services/inference/store';
import type { StudyAiResult } from '../../../src/domain/ai/result/types';
import { triageAiInput } from '../../../src/domain/triage/urgency-input';
import { MODELS_DIR } from '../../support/data-dir';

const triage = validateManifest(JSON.parse(readFileSync(join(MODELS_DIR, 'cxr-triage.json'), 'utf8')), 'cxr-triage.json');

const result = (extra: Partial<StudyAiResult> = {}): StudyAiResult => ({
  origin: 'pacs-sr',
  modelKey: 'k',
  studyInstanceUid: 's',
  seriesInstanceUid: 'r',
  sopInstanceUid: 'i',
  computedAt: '',
  qaFlags: [],
  lungAreas: [],
  findings: [{ label: 'effusion', probability: 0.3, threshold: 0.06, positive: true }],
  ...extra,
});

describe('triageAiInput', () => {
  it('passes findings with the clinical class of the committed manifest', () => {
    const expected = triage.heads[0].clinicalClass?.effusion;
    expect(triageAiInput({ phase: 'done', result: result() }, [triage])).toEqual({
      status: 'done',
      findings: [{ label: 'effusion', probability: 0.3, threshold: 0.06, clinicalClass: expected }],
    });
  });

  it('marks out-of-distribution results and studies without a model as not applicable', () => {
    expect(triageAiInput({ phase: 'done', result: result({ notApplicable: 'OOD' }) }, [triage])).toEqual({ status: 'not-applicable', detail: 'OOD' });
    expect(triageAiInput({ phase: 'no-model', reason: 'CT' }, [triage])).toEqual({ status: 'not-applicable', detail: 'CT' });
  });

  it('gives nothing while the study waits or failed', () => {
    expect(triageAiInput(undefined, [triage])).toBeNull();
    expect(triageAiInput({ phase: 'running' }, [triage])).toBeNull();
    expect(triageAiInput({ phase: 'failed', message: 'x' }, [triage])).toBeNull();
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ] as const)('%j → %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});
