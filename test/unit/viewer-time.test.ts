import { describe, expect, it } from 'vitest';
import {
  alignedSplits,
  decimalsFor,
  formatClock,
  formatDuration,
  formatElapsed,
  formatHms,
  formatTime,
  localDayOffset,
  parseStart
} from '../../src/renderer/src/lib/state/viewer-time';

describe('viewer time formatting', () => {
  it('chooses decimals from the tick increment', () => {
    expect(decimalsFor(1)).toBe(0);
    expect(decimalsFor(0.5)).toBe(1);
    expect(decimalsFor(0.01)).toBe(2);
    expect(decimalsFor(0.002)).toBe(3);
  });

  it('formats elapsed time', () => {
    expect(formatElapsed(12.5, 0.5)).toBe('12.5 s');
    expect(formatElapsed(125, 5)).toBe('2:05');
    expect(formatHms(3725.25, 2)).toBe('1:02:05.25');
    expect(formatHms(59.9999, 2)).toBe('1:00.00');
    expect(formatHms(-1.5, 1)).toBe('-0:01.5');
  });

  it('formats clock time in local time', () => {
    const ms = new Date(2024, 2, 5, 13, 4, 5, 250).getTime();
    expect(formatClock(ms, 0)).toBe('13:04:05');
    expect(formatClock(ms, 2)).toBe('13:04:05.25');
    expect(formatClock(ms + 999.6, 0)).toBe('13:04:06');
    expect(formatTime(1.5, 'clock', ms, 0.1)).toBe('13:04:06.8');
    expect(formatTime(61.5, 'seconds', ms, 0.1)).toBe('1:01.5');
    expect(formatTime(1.5, 'clock', null, 0.1)).toBe('0:01.5');
  });

  it('aligns ticks to round values of the shown time', () => {
    expect(alignedSplits(0.3, 3.1, 1, 0)).toEqual([1, 2, 3]);
    // Clock starting at 13:04:05.25 → ticks at whole clock seconds: 0.75, 1.75 …
    expect(alignedSplits(0, 2.9, 1, 47045.25)).toEqual([0.75, 1.75, 2.75]);
    expect(alignedSplits(0, 1, 0, 0)).toEqual([]);
  });

  it('parses ISO start times and finds the local day offset', () => {
    expect(parseStart(null)).toBeNull();
    expect(parseStart('not a date')).toBeNull();
    const ms = new Date(2024, 0, 1, 1, 0, 30).getTime();
    expect(localDayOffset(ms)).toBe(3630);
  });

  it('formats durations', () => {
    expect(formatDuration(0.25)).toBe('250 ms');
    expect(formatDuration(3.5)).toBe('3.50 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(3720)).toBe('1 h 2 min');
  });
});
