import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatCount, formatDateTime, formatDuration, formatTime, plural } from './format';

describe('formatTime / formatDateTime', () => {
  it('formats a valid time (hours, minutes and seconds, whatever the locale)', () => {
    expect(formatTime('2024-05-06T07:08:09Z')).toMatch(/\d{2}\D+\d{2}\D+\d{2}/);
    expect(formatDateTime('2024-05-06T07:08:09Z')).toMatch(/2024/);
  });

  it.each(['', 'not a date', '2024-13-45T99:99:99Z'])('gives back %j unchanged when it is not a time', (text) => {
    expect(formatTime(text)).toBe(text);
    expect(formatDateTime(text)).toBe(text);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof formatTime(text)).toBe('string');
        expect(typeof formatDateTime(text)).toBe('string');
      }),
    );
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [1024 * 1024 - 52, '1023.9 KB'],
    // Just under 1 MB rounds to 1024.0 KB: say 1.0 MB instead.
    [1024 * 1024 - 1, '1.0 MB'],
    [1024 * 1024, '1.0 MB'],
    [5 * 1024 * 1024 + 100 * 1024, '5.1 MB'],
  ])('%s → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it('never shows 1024 of a unit that has a bigger one', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 1024 ** 3 }), fc.integer({ min: 1024 ** 2 - 100, max: 1024 ** 2 })),
        (bytes) => {
          const [amount, unit] = formatBytes(bytes).split(' ');
          if (unit !== 'MB') expect(Number(amount)).toBeLessThan(1024);
        },
      ),
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999, '999 ms'],
    [999.6, '1.0 s'], // not "1000 ms"
    [1000, '1.0 s'],
    [1234, '1.2 s'],
    [59_940, '59.9 s'],
    [59_960, '1 min 0 s'], // not "60.0 s"
    [60_000, '1 min 0 s'],
    [61_499, '1 min 1 s'],
    [119_600, '2 min 0 s'], // not "1 min 60 s"
    [3_600_000, '60 min 0 s'],
  ])('%s ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('never shows 1000 ms, 60 s or more in the seconds, and never goes down as time goes up', () => {
    // Request durations are recorded to a tenth of a millisecond; rounding goes wrong near unit edges.
    const anywhere = fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 10);
    const nearEdge = fc
      .tuple(
        fc.oneof(
          fc.constant(1000),
          fc.integer({ min: 1, max: 120 }).map((minutes) => minutes * 60_000),
        ),
        fc.integer({ min: -1000, max: 1000 }),
      )
      .map(([edge, tenths]) => edge + tenths / 10);
    const duration = fc.oneof(anywhere, nearEdge);
    const value = (text: string): number => {
      const minutes = /^(\d+) min (\d+) s$/.exec(text);
      if (minutes !== null) return Number(minutes[1]) * 60_000 + Number(minutes[2]) * 1000;
      const seconds = /^([\d.]+) s$/.exec(text);
      if (seconds !== null) return Number(seconds[1]) * 1000;
      const millis = /^(\d+) ms$/.exec(text);
      if (millis !== null) return Number(millis[1]);
      throw new Error(`unexpected format: ${text}`);
    };
    fc.assert(
      fc.property(duration, duration, (a, b) => {
        const text = formatDuration(a);
        const ms = /^(\d+) ms$/.exec(text);
        if (ms !== null) expect(Number(ms[1])).toBeLessThan(1000);
        const s = /^([\d.]+) s$/.exec(text);
        if (s !== null) expect(Number(s[1])).toBeLessThan(60);
        const min = /^\d+ min (\d+) s$/.exec(text);
        if (min !== null) expect(Number(min[1])).toBeLessThan(60);
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(value(formatDuration(low))).toBeLessThanOrEqual(value(formatDuration(high)));
      }),
    );
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [0.9, '0:00'],
    [5, '0:05'],
    [59.99, '0:59'],
    [60, '1:00'],
    [125.5, '2:05'],
    [3600, '60:00'],
    [-3, '0:00'],
  ])('%s s → %s', (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });
});

describe('plural', () => {
  it('uses the singular only for exactly one', () => {
    expect(plural(1, 'role')).toBe('1 role');
    expect(plural(0, 'role')).toBe('0 roles');
    expect(plural(2, 'binding')).toBe('2 bindings');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
  });

  it('formats the count like formatCount', () => {
    expect(plural(12_345, 'request')).toBe(`${formatCount(12_345)} requests`);
    expect(formatCount(12_345)).toMatch(/^12\D?345$/);
  });
});
