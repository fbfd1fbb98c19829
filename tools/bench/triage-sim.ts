/**
 * Waiting-time simulation of a reading day: does Dokuei's urgency ordering get critical studies
 * read sooner than FIFO without letting any study wait much longer than FIFO's worst case?
 *
 *   npx tsx tools/bench/triage-sim.ts [--arrivals-per-hour 21.6] [--readers 2] … (--help lists all)
 *
 * Arrivals are Poisson, reading times exponential (M/M/c, non-preemptive); every policy reads the
 * same generated days (common random numbers), so differences come from the ordering alone.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TRIAGE_CONFIG, type TriageConfig } from '../../src/domain/triage/config';
import { triageWorklist } from '../../src/domain/triage/order';
import { REQUEST_PRIORITIES, type TriageFinding, type ClinicalClass, type TriageInput } from '../../src/domain/triage/types';
import { writeResults, type BenchFigure } from './lib/results';
import { printTable } from './lib/table';
import { type Random, seededRandom } from '../../src/domain/ai/eval/seeded-random';

const MINUTE = 60_000;

export interface SimParams {
  hours: number;
  arrivalsPerHour: number;
  criticalPrevalence: number;
  urgentPrevalence: number;
  sensitivity: number;
  specificity: number;
  /** Relative weights of DICOM request priorities; `missing` = no priority sent. */
  priorityMix: Record<string, number>;
  readers: number;
  readMinutes: number;
  seeds: number;
}

/** Two readers at 5 min a study read 24 an hour: 21.6 arrivals keep them 90 % busy. */
export const DEFAULT_PARAMS: SimParams = {
  hours: 10,
  arrivalsPerHour: 21.6,
  criticalPrevalence: 0.03,
  urgentPrevalence: 0.15,
  sensitivity: 0.9,
  specificity: 0.9,
  priorityMix: { STAT: 0.05, HIGH: 0.15, ROUTINE: 0.6, LOW: 0.1, missing: 0.1 },
  readers: 2,
  readMinutes: 5,
  seeds: 50,
};

export { type Random, seededRandom };

const exponential = (random: Random, mean: number) => -mean * Math.log(1 - random());

function pickWeighted(weights: Record<string, number>, random: Random): string {
  const entries = Object.entries(weights);
  let u = random() * entries.reduce((total, [, w]) => total + w, 0);
  for (const [key, weight] of entries) {
    u -= weight;
    if (u < 0) return key;
  }
  return entries[entries.length - 1][0];
}

export interface SimStudy {
  input: TriageInput;
  /** Ground truth: a critical finding is present. */
  critical: boolean;
  readMs: number;
}

const LABELS: Record<Exclude<ClinicalClass, 'routine'>, { label: string; threshold: number }> = {
  critical: { label: 'pneumothorax', threshold: 0.5 },
  urgent: { label: 'effusion', threshold: 0.4 },
};

/** A calibrated-looking probability on the right side of the threshold for what the model decided. */
function simulatedFinding(clinicalClass: 'critical' | 'urgent', present: boolean, params: SimParams, random: Random): TriageFinding {
  const { label, threshold } = LABELS[clinicalClass];
  const flagged = random() < (present ? params.sensitivity : 1 - params.specificity);
  const probability = flagged ? threshold + random() * (1 - threshold) : random() * threshold;
  return { label, probability, threshold, clinicalClass };
}

export function generateDay(params: SimParams, random: Random): SimStudy[] {
  const studies: SimStudy[] = [];
  const meanGapMinutes = 60 / params.arrivalsPerHour;
  for (let minute = exponential(random, meanGapMinutes); minute < params.hours * 60; minute += exponential(random, meanGapMinutes)) {
    const u = random();
    const critical = u < params.criticalPrevalence;
    const urgent = !critical && u < params.criticalPrevalence + params.urgentPrevalence;
    const priority = pickWeighted(params.priorityMix, random);
    studies.push({
      input: {
        studyInstanceUid: `2.25.${studies.length + 1}`,
        arrivedAt: minute * MINUTE,
        requestPriority: priority === 'missing' ? null : priority,
        ai: {
          status: 'done',
          findings: [simulatedFinding('critical', critical, params, random), simulatedFinding('urgent', urgent, params, random)],
        },
      },
      critical,
      readMs: exponential(random, params.readMinutes) * MINUTE,
    });
  }
  return studies;
}

/** Picks the index of the next study to read from the waiting queue (kept in arrival order). */
export type Policy = (queue: readonly SimStudy[], now: number) => number;

export const fifo: Policy = () => 0;

export const byRules =
  (config: TriageConfig): Policy =>
  (queue, now) => {
    const top = triageWorklist(
      queue.map((s) => s.input),
      now,
      config,
    )[0];
    return queue.findIndex((s) => s.input.studyInstanceUid === top.studyInstanceUid);
  };

const indexOfMin = (values: readonly number[]) => values.indexOf(Math.min(...values));

/** Minutes each study (input order, sorted by arrival) waits before a reader opens it. */
export function simulateWaits(studies: readonly SimStudy[], readers: number, policy: Policy): number[] {
  const freeAt = new Array<number>(readers).fill(0);
  const waits = new Array<number>(studies.length);
  const queue: number[] = [];
  let next = 0;
  while (next < studies.length || queue.length > 0) {
    const reader = indexOfMin(freeAt);
    let now = freeAt[reader];
    if (queue.length === 0) now = Math.max(now, studies[next].input.arrivedAt);
    while (next < studies.length && studies[next].input.arrivedAt <= now) queue.push(next++);
    const [chosen] = queue.splice(
      policy(
        queue.map((i) => studies[i]),
        now,
      ),
      1,
    );
    waits[chosen] = (now - studies[chosen].input.arrivedAt) / MINUTE;
    freeAt[reader] = now + studies[chosen].readMs;
  }
  return waits;
}

export interface WaitSummary {
  criticalMean: number;
  /** Maxima are the mean over days of each day's longest wait: the worst of a few days is one outlier. */
  criticalMax: number;
  allMean: number;
  allMax: number;
  /** The single longest wait over all days. */
  allWorst: number;
}

const mean = (values: readonly number[]) => values.reduce((total, v) => total + v, 0) / values.length;

const meanDailyMax = (perDay: readonly (readonly number[])[]) => mean(perDay.filter((waits) => waits.length > 0).map((waits) => Math.max(...waits)));

export function summarize(days: readonly { studies: readonly SimStudy[]; waits: readonly number[] }[]): WaitSummary {
  const all = days.map((day) => day.waits);
  const critical = days.map((day) => day.waits.filter((_, i) => day.studies[i].critical));
  return {
    criticalMean: mean(critical.flat()),
    criticalMax: meanDailyMax(critical),
    allMean: mean(all.flat()),
    allMax: meanDailyMax(all),
    allWorst: Math.max(...all.flat()),
  };
}

const WITHOUT_AGING: TriageConfig = {
  ...DEFAULT_TRIAGE_CONFIG,
  aging: { ...DEFAULT_TRIAGE_CONFIG.aging, pointsPerMinute: 0, capMinutes: Number.POSITIVE_INFINITY },
};

export const POLICIES = [
  { id: 'fifo', label: 'FIFO', policy: fifo },
  { id: 'ai-priority-no-aging', label: 'AI priority, no aging', policy: byRules(WITHOUT_AGING) },
  { id: 'dokuei-rules', label: 'Dokuei rules', policy: byRules(DEFAULT_TRIAGE_CONFIG) },
] as const;

export type PolicyId = (typeof POLICIES)[number]['id'];

export function runSimulation(params: SimParams): Record<PolicyId, WaitSummary> {
  const days = Array.from({ length: params.seeds }, (_, seed) => generateDay(params, seededRandom(seed + 1)));
  const entries = POLICIES.map(({ id, policy }) => [
    id,
    summarize(days.map((studies) => ({ studies, waits: simulateWaits(studies, params.readers, policy) }))),
  ]);
  return Object.fromEntries(entries) as Record<PolicyId, WaitSummary>;
}

type NumericParam = Exclude<keyof SimParams, 'priorityMix'>;
type Check = 'positive' | 'fraction' | 'count';

const NUMBER_FLAGS: Record<string, { param: NumericParam; check: Check }> = {
  hours: { param: 'hours', check: 'positive' },
  'arrivals-per-hour': { param: 'arrivalsPerHour', check: 'positive' },
  critical: { param: 'criticalPrevalence', check: 'fraction' },
  urgent: { param: 'urgentPrevalence', check: 'fraction' },
  sensitivity: { param: 'sensitivity', check: 'fraction' },
  specificity: { param: 'specificity', check: 'fraction' },
  readers: { param: 'readers', check: 'count' },
  'read-minutes': { param: 'readMinutes', check: 'positive' },
  seeds: { param: 'seeds', check: 'count' },
};

const CHECKS: Record<Check, [(n: number) => boolean, string]> = {
  positive: [(n) => n > 0, 'a positive number'],
  fraction: [(n) => n >= 0 && n <= 1, 'a number from 0 to 1'],
  count: [(n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1'],
};

/** "STAT:0.05,HIGH:0.15,ROUTINE:0.7,LOW:0.1,missing:0" → relative weights. */
function parsePriorityMix(text: string): Record<string, number> {
  const allowed = new Set<string>([...REQUEST_PRIORITIES, 'missing']);
  const mix: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [key, weight] = part.split(':');
    const value = Number(weight);
    if (!allowed.has(key) || !(value >= 0)) {
      throw new Error(`--priority-mix: "${part}" is not PRIORITY:WEIGHT with PRIORITY in ${[...allowed].join('|')}`);
    }
    mix[key] = value;
  }
  if (Object.values(mix).every((w) => w === 0)) throw new Error('--priority-mix needs a positive weight');
  return mix;
}

export function parseParams(argv: readonly string[]): SimParams {
  const options = Object.fromEntries([...Object.keys(NUMBER_FLAGS), 'priority-mix'].map((flag) => [flag, { type: 'string' as const }]));
  const { values } = parseArgs({ args: [...argv], options, strict: true });
  const params: SimParams = { ...DEFAULT_PARAMS };
  for (const [flag, { param, check }] of Object.entries(NUMBER_FLAGS)) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const [valid, expected] = CHECKS[check];
    const value = Number(raw);
    if (!Number.isFinite(value) || !valid(value)) throw new Error(`--${flag} must be ${expected}, got "${raw}"`);
    params[param] = value;
  }
  const mix = values['priority-mix'];
  if (mix !== undefined) params.priorityMix = parsePriorityMix(mix);
  if (params.criticalPrevalence === 0) throw new Error('--critical must be above 0: the benchmark measures critical waits');
  if (params.criticalPrevalence + params.urgentPrevalence > 1) throw new Error('--critical plus --urgent must not exceed 1');
  return params;
}

const METRICS: { key: keyof WaitSummary; name: string }[] = [
  { key: 'criticalMean', name: 'critical mean wait' },
  { key: 'criticalMax', name: 'critical max wait' },
  { key: 'allMean', name: 'mean wait' },
  { key: 'allMax', name: 'max wait' },
  { key: 'allWorst', name: 'worst wait' },
];

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

export function benchRows(summary: Record<PolicyId, WaitSummary>): BenchFigure[] {
  return POLICIES.flatMap(({ id }) =>
    METRICS.map(({ key, name }) => ({
      name: `triage-sim ${name} (${id})`,
      value: round(summary[id][key], 2),
      unit: 'min',
      reference: id === 'fifo' ? null : 'fifo',
      ratio: id === 'fifo' ? null : round(summary[id][key] / summary.fifo[key], 3),
    })),
  );
}

/** Goals of issue #6: critical mean wait at most half FIFO's, worst wait at most 1.2× FIFO's. */
const GOALS = { criticalMeanRatio: 0.5, allMaxRatio: 1.2 };

function usage(): string {
  const numeric = Object.entries(NUMBER_FLAGS).map(([flag, { param }]) => `  --${flag} ${DEFAULT_PARAMS[param]}`);
  const mix = Object.entries(DEFAULT_PARAMS.priorityMix).map(([key, weight]) => `${key}:${weight}`);
  return ['usage: npx tsx tools/bench/triage-sim.ts [flags], defaults:', ...numeric, `  --priority-mix ${mix.join(',')}`].join('\n');
}

function main(): void {
  const load = loadavg()[0];
  if (process.argv.includes('--help')) {
    console.log(usage());
    return;
  }
  const params = parseParams(process.argv.slice(2));
  const busy = (params.arrivalsPerHour * params.readMinutes) / 60 / params.readers;
  console.log(
    `triage-sim: ${params.seeds} days × ${params.hours} h, ${params.arrivalsPerHour} studies/h, ` +
      `${params.readers} reader(s) × ${params.readMinutes} min/study → ${(100 * busy).toFixed(0)} % busy; ` +
      `critical ${params.criticalPrevalence}, urgent ${params.urgentPrevalence}, ` +
      `AI sens ${params.sensitivity} spec ${params.specificity}`,
  );
  const summary = runSimulation(params);
  const fifoSummary = summary.fifo;
  printTable(
    ['policy', 'critical mean', 'critical max', 'all mean', 'all max', 'all worst', 'crit mean / FIFO', 'all max / FIFO', 'worst / FIFO'],
    POLICIES.map(({ id, label }) => {
      const s = summary[id];
      const f = fifoSummary;
      return [
        label,
        ...[s.criticalMean, s.criticalMax, s.allMean, s.allMax, s.allWorst],
        ...[s.criticalMean / f.criticalMean, s.allMax / f.allMax, s.allWorst / f.allWorst],
      ];
    }),
    2,
  );
  const dokuei = summary['dokuei-rules'];
  const criticalRatio = dokuei.criticalMean / fifoSummary.criticalMean;
  const maxRatio = dokuei.allMax / fifoSummary.allMax;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`minutes until a reader opens the study; max = mean over the ${params.seeds} days of each day's longest wait`);
  console.log(`goal critical mean ≤ ${GOALS.criticalMeanRatio}× FIFO: ${verdict(criticalRatio <= GOALS.criticalMeanRatio)} (${criticalRatio.toFixed(2)}×)`);
  console.log(`goal max wait ≤ ${GOALS.allMaxRatio}× FIFO: ${verdict(maxRatio <= GOALS.allMaxRatio)} (${maxRatio.toFixed(2)}×)`);
  writeResults(benchRows(summary), { load, studies: null });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`triage-sim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
