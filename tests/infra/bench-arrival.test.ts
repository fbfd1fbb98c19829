import { describe, expect, it } from 'vitest';
import { delayUntilDue, dueAt, percentile, perMinute } from '../../tools/bench/arrival/pacing';
import { analysedJobs, stageMedians } from '../../tools/bench/arrival/worker-log';

describe('arrival pacing', () => {
  it('schedules arrival i at start + i × interval', () => {
    expect([0, 1, 2, 10].map((i) => dueAt(1000, i, 2000))).toEqual([1000, 3000, 5000, 21_000]);
  });

  it('waits only for the rest of the interval, and not at all once late (no drift, no catching up twice)', () => {
    expect(delayUntilDue(1000, 1, 2000, 1500)).toBe(1500);
    expect(delayUntilDue(1000, 1, 2000, 3000)).toBe(0);
    // Arrival 1 was sent late (at 3600): arrival 2 is still due at 5000, not 5600.
    expect(delayUntilDue(1000, 2, 2000, 3600)).toBe(1400);
    expect(delayUntilDue(1000, 2, 2000, 9000)).toBe(0);
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted input

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [1, 1],
  ])('p%i of 1…100 is %i', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('handles small samples and one value', () => {
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([3, 1, 2], 95)).toBe(3);
    expect(percentile([7], 95)).toBe(7);
  });

  it('is null without values and refuses p outside (0, 100]', () => {
    expect(percentile([], 95)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(/percentile/);
    expect(() => percentile([1], 101)).toThrow(/percentile/);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('perMinute', () => {
  it('turns studies over milliseconds into studies per minute', () => {
    expect(perMinute(30, 60_000)).toBe(30);
    expect(perMinute(40, 30_000)).toBe(80);
  });

  it('refuses an empty duration', () => {
    expect(() => perMinute(3, 0)).toThrow(/positive duration/);
  });
});

describe('worker log', () => {
  const log = [
    '2026-12-02T09:02:05.398Z worker[1715]: job f279 study 2.25.42 started (attempt 1)',
    'Truncating value 229.92642211914062 of NumericValue because it is longer than 16',
    '2026-12-02T09:02:06.746Z worker[1715]: job f279 study 2.25.42 analysed in 1348 ms (check 11.5 ms, select 727.7 ms, fetch 45.3 ms, infer 198.8 ms, store 320.6 ms)',
    '2026-12-02T09:02:07.460Z worker[1715]: job f4df study 2.25.29 analysed in 1275 ms (check 7.2 ms, select 151.7 ms, fetch 66.8 ms, infer 146.6 ms, store 863.4 ms), positive: pneumonia, effusion',
    '2026-12-02T09:02:09.000Z worker[1715]: job aaaa study 2.25.30 already-analysed in 12 ms (check 12 ms)',
    '2026-12-02T09:02:10.000Z worker[1715]: job bbbb study 2.25.31 analysed in 900 ms (check 5 ms, infer 100 ms)',
  ].join('\n');

  it('reads each analysed job with its stages, and nothing else', () => {
    const jobs = analysedJobs(log);
    expect(jobs.map((job) => job.ms)).toEqual([1348, 1275, 900]);
    expect(jobs[0].stages).toEqual({ check: 11.5, select: 727.7, fetch: 45.3, infer: 198.8, store: 320.6 });
  });

  it('gives the median of each stage over the jobs that ran it, and of the totals', () => {
    expect(stageMedians(analysedJobs(log))).toEqual({
      total: 1275,
      stages: [
        ['check', 7.2],
        ['select', (727.7 + 151.7) / 2],
        ['fetch', (45.3 + 66.8) / 2],
        ['infer', 146.6],
        ['store', (320.6 + 863.4) / 2],
      ],
    });
  });

  it('is empty without jobs', () => {
    expect(stageMedians([])).toEqual({ total: null, stages: [] });
  });
});
