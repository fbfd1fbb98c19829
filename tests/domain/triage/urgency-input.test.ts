import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/domain/ai/manifest';
import { median } from '../../../src/services/inference/store';
import type { StudyAiResult } from '../../../src/domain/ai/result/types';
import { triageAiInput } from '../../../src/domain/triage/urgency-input';
import { decideHead } from '../../../src/domain/ai/postprocess/decisions';
import { scoreStudy } from '../../../src/domain/triage/urgency';
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

describe('the committed manifest calls findings at their flag point', () => {
  const head = triage.heads[0];
  const k = head.labels.indexOf('effusion');
  const calibration = head.calibration!;
  /** The logit the head's calibration turns into probability p (the inverse of activation.ts's calibratedLogit). */
  const logitOf = (p: number) => {
    const q = Math.log(p / (1 - p));
    if (calibration.method === 'platt') return (q - calibration.intercept[k]) / calibration.slope[k];
    return q * (calibration.temperature as number[])[k];
  };
  const points = head.thresholds!.effusion.points!;
  /** Effusion at calibrated probability p, every other label far below its points. */
  const levelAt = (p: number) => {
    const logits = head.labels.map((_, i) => (i === k ? logitOf(p) : -20));
    const decided = decideHead(head, logits);
    if (decided.kind !== 'multilabel') throw new Error('sigmoid head expected');
    const findings = decided.findings.map((f) => ({
      label: f.label,
      probability: f.probability,
      threshold: f.threshold!,
      positive: f.positive!,
      operatingPoint: f.operatingPoint,
    }));
    expect(findings[k]).toMatchObject({ operatingPoint: 'flag', threshold: points.flag!.value });
    return scoreStudy(
      { studyInstanceUid: 's', arrivedAt: 0, requestPriority: 'ROUTINE', ai: triageAiInput({ phase: 'done', result: result({ findings }) }, [triage]) },
      0,
    ).level;
  };

  it('between screen and flag a finding does not raise the level; past flag it does', () => {
    expect(points.screen!.value).toBeLessThan(points.flag!.value);
    expect(levelAt((points.screen!.value + points.flag!.value) / 2)).toBe('routine');
    expect(levelAt(Math.min(0.99, points.flag!.value + 0.05))).toBe('urgent');
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
