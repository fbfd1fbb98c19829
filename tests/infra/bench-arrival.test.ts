import { describe, expect, it } from 'vitest';
import { delayUntilDue, dueAt, percentile, perMinute } from '../../tools/bench/arrival/pacing';

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
