// The attribute lets plain Node ESM loaders (Playwright's, for the seed's use) read it as Vite does.
import defaultRules from './default-rules.json' with { type: 'json' };

type Rule = 'nonNegative' | 'positive';
interface Schema {
  readonly [key: string]: Rule | Schema;
}

/**
 * Every setting of the urgency rules; the config type is derived from it so the two cannot drift.
 * levels: minimum evidence points for each level (below `routine` is low).
 * findings.marginPoints: scaled by how far a probability is above its threshold, (p − t) / (1 − t).
 * aging.capMinutes: a study that has waited this long outranks everything not critical.
 * aging.acquisitionWindowHours: the wait counts from acquisition when it is at most this long before arrival
 *   in the PACS (waiting-since.ts); an older acquisition is a prior or an import, whose wait starts at arrival.
 */
const SCHEMA = {
  levels: { critical: 'nonNegative', urgent: 'nonNegative', routine: 'nonNegative' },
  findings: {
    classPoints: { critical: 'nonNegative', urgent: 'nonNegative', routine: 'nonNegative' },
    marginPoints: 'nonNegative',
    newSincePriorPoints: 'nonNegative',
  },
  requestPriority: {
    STAT: 'nonNegative',
    HIGH: 'nonNegative',
    MEDIUM: 'nonNegative',
    ROUTINE: 'nonNegative',
    LOW: 'nonNegative',
    missing: 'nonNegative',
  },
  ai: { unassessedPoints: 'nonNegative' },
  qa: { pointsPerFlag: 'nonNegative' },
  aging: { pointsPerMinute: 'nonNegative', capMinutes: 'positive', acquisitionWindowHours: 'positive' },
} as const satisfies Schema;

type ConfigOf<S> = { readonly [K in keyof S]: S[K] extends Rule ? number : ConfigOf<S[K]> };
export type TriageConfig = ConfigOf<typeof SCHEMA>;

const RULE_TEXT: Record<Rule, string> = {
  nonNegative: 'must be a non-negative number',
  positive: 'must be a positive number',
};

function satisfies(rule: Rule, value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return rule === 'positive' ? value > 0 : value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkAgainst(schema: Schema, value: unknown, path: string, errors: string[]): void {
  if (!isObject(value)) {
    errors.push(`${path || 'config'} must be an object`);
    return;
  }
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, rule] of Object.entries(schema)) {
    if (typeof rule === 'string') {
      if (!satisfies(rule, value[key])) errors.push(`${at(key)} ${RULE_TEXT[rule]}`);
    } else {
      checkAgainst(rule, value[key], at(key), errors);
    }
  }
  for (const key of Object.keys(value)) {
    if (!(key in schema)) errors.push(`${at(key)} is not a known setting`);
  }
}

/** Level minimums must be strictly ordered, or a level could never be reached. */
function checkLevelOrder({ critical, urgent, routine }: TriageConfig['levels'], errors: string[]): void {
  if (urgent >= critical) errors.push('levels.urgent must be less than levels.critical');
  if (routine >= urgent) errors.push('levels.routine must be less than levels.urgent');
}

/** Every problem in `raw`, each with its dotted path; empty when the config is usable. */
export function validateTriageConfig(raw: unknown): string[] {
  const errors: string[] = [];
  checkAgainst(SCHEMA, raw, '', errors);
  if (errors.length === 0) checkLevelOrder((raw as TriageConfig).levels, errors);
  return errors;
}

function parseDefaults(): TriageConfig {
  const errors = validateTriageConfig(defaultRules);
  if (errors.length > 0) throw new Error(`default-rules.json is invalid: ${errors.join('; ')}`);
  return defaultRules as TriageConfig;
}

export const DEFAULT_TRIAGE_CONFIG: TriageConfig = parseDefaults();

/** A site's rules when valid; otherwise the defaults stay in force and the errors say why. */
export function loadTriageConfig(raw: unknown): { config: TriageConfig; errors: string[] } {
  const errors = validateTriageConfig(raw);
  return { config: errors.length === 0 ? (raw as TriageConfig) : DEFAULT_TRIAGE_CONFIG, errors };
}
