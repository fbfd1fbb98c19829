import { describe, expect, it } from 'vitest';
import defaultRules from '../../../src/domain/triage/default-rules.json' with { type: 'json' };
import { DEFAULT_TRIAGE_CONFIG, loadTriageConfig, validateTriageConfig } from '../../../src/domain/triage/config';
import { scoreStudy } from '../../../src/domain/triage/urgency';
import { NOW, minutesAgo, study } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into any part of the rules JSON
type Mutable = Record<string, any>;
const withChange = (change: (c: Mutable) => void): unknown => {
  const copy = structuredClone(defaultRules) as Mutable;
  change(copy);
  return copy;
};

describe('validateTriageConfig', () => {
  it('accepts the shipped defaults', () => {
    expect(validateTriageConfig(defaultRules)).toEqual([]);
    expect(DEFAULT_TRIAGE_CONFIG).toEqual(defaultRules);
  });

  it.each<[string, unknown, string[]]>([
    ['null', null, ['config must be an object']],
    ['an array', [], ['config must be an object']],
    ['a string', 'rules', ['config must be an object']],
    ['cap of zero', withChange((c) => (c.aging.capMinutes = 0)), ['aging.capMinutes must be a positive number']],
    ['cap as a string', withChange((c) => (c.aging.capMinutes = '90')), ['aging.capMinutes must be a positive number']],
    ['negative weight', withChange((c) => (c.requestPriority.STAT = -1)), ['requestPriority.STAT must be a non-negative number']],
    ['infinite rate', withChange((c) => (c.aging.pointsPerMinute = Infinity)), ['aging.pointsPerMinute must be a non-negative number']],
    ['missing section', withChange((c) => delete c.qa), ['qa must be an object']],
    ['section not an object', withChange((c) => (c.ai = 5)), ['ai must be an object']],
    ['missing nested key', withChange((c) => delete c.findings.classPoints.urgent), ['findings.classPoints.urgent must be a non-negative number']],
    [
      'misspelt key',
      withChange((c) => {
        c.aging.capMinute = c.aging.capMinutes;
        delete c.aging.capMinutes;
      }),
      ['aging.capMinutes must be a positive number', 'aging.capMinute is not a known setting'],
    ],
    ['unknown section', withChange((c) => (c.alerts = {})), ['alerts is not a known setting']],
    ['urgent not below critical', withChange((c) => (c.levels.urgent = 1000)), ['levels.urgent must be less than levels.critical']],
    ['routine not below urgent', withChange((c) => (c.levels.routine = 500)), ['levels.routine must be less than levels.urgent']],
    [
      'several problems at once',
      withChange((c) => {
        c.levels.critical = 'high';
        c.qa.pointsPerFlag = null;
      }),
      ['levels.critical must be a non-negative number', 'qa.pointsPerFlag must be a non-negative number'],
    ],
  ])('rejects %s with precise paths', (_name, raw, expected) => {
    expect(validateTriageConfig(raw)).toEqual(expected);
  });
});

describe('loadTriageConfig', () => {
  it('keeps the defaults in force when the config is bad', () => {
    const { config, errors } = loadTriageConfig(withChange((c) => (c.aging.capMinutes = -5)));
    expect(errors).toEqual(['aging.capMinutes must be a positive number']);
    expect(config).toBe(DEFAULT_TRIAGE_CONFIG);
  });

  it('uses a valid site config', () => {
    const cap = DEFAULT_TRIAGE_CONFIG.aging.capMinutes;
    const { config, errors } = loadTriageConfig(withChange((c) => (c.aging.capMinutes = 2 * cap)));
    expect(errors).toEqual([]);
    const waited = study({ arrivedAt: minutesAgo(1.5 * cap) });
    expect(scoreStudy(waited, NOW, config).overdue).toBe(false);
    expect(scoreStudy(waited, NOW).overdue).toBe(true);
  });
});
