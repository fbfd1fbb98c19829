import { describe, expect, it } from 'vitest';
import { aiCellWords } from '../../../../src/domain/ai/result/cell-words';
import type { StudyAiResult } from '../../../../src/domain/ai/result/types';

const result = (findings: [string, number, boolean][], notApplicable?: string): StudyAiResult => ({
  origin: 'computed',
  modelKey: 'k',
  studyInstanceUid: 's',
  seriesInstanceUid: 'r',
  sopInstanceUid: 'i',
  computedAt: '',
  qaFlags: [],
  lungAreas: [],
  findings: findings.map(([label, probability, positive]) => ({ label, probability, threshold: 0.5, positive })),
  ...(notApplicable ? { notApplicable } : {}),
});

describe('the AI column in words', () => {
  it.each<[string, Parameters<typeof aiCellWords>, string]>([
    ['not run yet', [undefined], 'not run'],
    ['queued', [{ phase: 'queued' }], 'queued'],
    ['running', [{ phase: 'running' }], 'running'],
    ['waiting for the PACS (not an error)', [{ phase: 'waiting', message: 'PACS unreachable', retryAt: 0 }], 'waiting for PACS'],
    ['no model for the modality', [{ phase: 'no-model', reason: 'CT' }], 'not applicable'],
    ['failed', [{ phase: 'failed', message: 'boom' }], 'failed'],
    ['out of distribution', [{ phase: 'done', result: result([['effusion', 0.9, true]], 'OOD') }], 'not applicable'],
    ['nothing above threshold', [{ phase: 'done', result: result([['effusion', 0.3, false]]) }], 'not flagged'],
    [
      'the strongest positive, two decimals',
      [
        {
          phase: 'done',
          result: result([
            ['pneumonia', 0.61, true],
            ['effusion', 0.82, true],
            ['nodule', 0.2, false],
          ]),
        },
      ],
      'effusion 0.82 +1',
    ],
    [
      'a new finding first, marked',
      [
        {
          phase: 'done',
          result: result([
            ['pneumonia', 0.61, true],
            ['effusion', 0.82, true],
          ]),
        },
        new Set(['pneumonia']),
      ],
      'pneumonia 0.61 ▲ new +1',
    ],
    ['one new finding', [{ phase: 'done', result: result([['effusion', 0.82, true]]) }, new Set(['effusion'])], 'effusion 0.82 ▲ new'],
  ])('%s', (_name, args, text) => {
    expect(aiCellWords(...args).text).toBe(text);
  });

  it('the tooltip lists every positive with its threshold', () => {
    const words = aiCellWords(
      {
        phase: 'done',
        result: result([
          ['pneumonia', 0.61, true],
          ['effusion', 0.82, true],
        ]),
      },
      new Set(['pneumonia']),
    );
    expect(words.title).toBe('pneumonia 0.61 ≥ 0.50 (new since prior)\neffusion 0.82 ≥ 0.50');
    expect(words.tone).toBe('positive');
  });
});
