/**
 * Pure helpers of the arrival-time triage bench (tools/bench/arrival-triage.ts): a steady arrival
 * rate that does not drift, percentiles of the latencies, throughput.
 */

/** When arrival `index` is due: `start + index × every`, whatever the earlier ones cost (no drift). */
export const dueAt = (startMs: number, index: number, everyMs: number) => startMs + index * everyMs;

/** How long to wait before sending arrival `index`: 0 when it is already due (a slow STOW is not made up twice). */
export const delayUntilDue = (startMs: number, index: number, everyMs: number, nowMs: number) => Math.max(0, dueAt(startMs, index, everyMs) - nowMs);

/**
 * Nearest-rank percentile (p in 0–100] of the values: the smallest value with at least p % of the
 * values at or below it (p95 of 100 values = the 95th smallest; p100 = the maximum). Null when empty.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new Error(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/** Studies per minute for `studies` done in `ms`. */
export function perMinute(studies: number, ms: number): number {
  if (!(ms > 0)) throw new Error(`a throughput needs a positive duration, got ${ms} ms`);
  return (studies * 60_000) / ms;
}
