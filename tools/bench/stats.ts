import type { BenchFigure } from './lib/results';

/** The median of the values that were measured (null = the run produced no figure); null when none was. */
export function median(values: readonly (number | null)[]): number | null {
  const measured = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (measured.length === 0) return null;
  const middle = Math.floor(measured.length / 2);
  return measured.length % 2 ? measured[middle] : (measured[middle - 1] + measured[middle]) / 2;
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));

/** A results row; without a measured value there is no row (results.json holds numbers only). */
export function resultRow(name: string, value: number | null, unit: string, reference: { name: string; value: number | null } | null = null): BenchFigure[] {
  if (value === null) return [];
  const ratio = reference?.value ? round(value / reference.value, 3) : null;
  return [{ name, value: round(value, 1), unit, reference: ratio === null ? null : reference!.name, ratio }];
}

/** Table cell for a figure that may be missing. */
export const cell = (value: number | null, decimals = 0) => (value === null ? 'n/a' : value.toFixed(decimals));

/** Runs `measure` n times in sequence. Stops early when the first run yields nothing (it would not later either). */
export async function repeat(n: number, measure: () => Promise<number | null>): Promise<(number | null)[]> {
  const values: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    values.push(await measure());
    if (i === 0 && values[0] === null) break;
  }
  return values;
}

/** Resolves with null instead of hanging past `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((done) => (timer = setTimeout(() => done(null), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
